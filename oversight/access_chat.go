package oversight

import (
	"context"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/registry"
)

// AccountToConfirm returns the account whose latest post m may confirm:
// one of m's own unit, m its operator or admin. Any other is reported as
// not found, so that a forged request learns nothing. Errors: ENOTFOUND.
func AccountToConfirm(ctx context.Context, db bun.IDB, m *registry.Member, accountID int64) (*registry.Account, error) {
	a, err := registry.AccountByID(ctx, db, accountID)
	if err != nil && govmedia.ErrorCode(err) != govmedia.ENOTFOUND {
		return nil, err
	}
	if err != nil || a.HostOrg != m.OrgCode || (m.Role != registry.Operator && m.Role != registry.Admin) || a.State == registry.Closed {
		return nil, govmedia.Errorf(govmedia.ENOTFOUND, "account.not_found", "id", accountID)
	}
	return a, nil
}

// CheckSubmitReport decides who sends a government office's monthly
// progress report: a member of a county's government office, no guide.
// Errors: EFORBIDDEN.
func CheckSubmitReport(m *registry.Member) error {
	if m.Org == nil || m.Org.Kind != registry.Office || m.Org.Level != registry.County || m.Role == registry.Guide {
		return govmedia.Errorf(govmedia.EFORBIDDEN, "oversight.report_offices_only")
	}
	return nil
}
