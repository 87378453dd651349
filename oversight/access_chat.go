package oversight

import (
	"context"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/catalog"
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

// CheckAddMilestone decides who sets the campaign's milestones: an
// approver or admin of the city office. Errors: EFORBIDDEN.
func CheckAddMilestone(ctx context.Context, db bun.IDB, m *registry.Member) error {
	if !registry.IsCityOffice(ctx, db, m.OrgCode) || (m.Role != registry.Approver && m.Role != registry.Admin) {
		return govmedia.Errorf(govmedia.EFORBIDDEN, "oversight.milestones_city_only")
	}
	return nil
}

// CheckConfirm decides who confirms that their government met a milestone
// of the confirmed kind: a member of the government itself or of its
// office (not of its departments), no guide, of a government the
// milestone binds; it returns that government. Errors: EFORBIDDEN, EINVALID.
func CheckConfirm(ctx context.Context, db bun.IDB, by *registry.Member, m *Milestone) (*registry.Org, error) {
	if m.Kind != Confirmed {
		return nil, govmedia.Errorf(govmedia.EINVALID, "oversight.milestone_not_confirmed_kind")
	}
	gov, err := catalog.GovernmentOf(ctx, db, by)
	if err != nil || !m.Binds(gov) || by.Role == registry.Guide || by.Org == nil || by.Org.Kind == registry.Department {
		return nil, govmedia.Errorf(govmedia.EFORBIDDEN, "oversight.milestone_not_yours")
	}
	return gov, nil
}
