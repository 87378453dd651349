package approvals

import (
	"context"
	"slices"
	"time"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/registry"
)

// SubmitCloseSupervised applies, for a government office, to close an
// account of a unit it approves for (an office on the unit's chain): the
// way an office closes an account its unit left to go silent (僵尸账号).
// The application is the office's and goes up the office's own chain.
// Who may: the office's reviewers, approvers and admins. Another office's
// account is reported as not found. Errors: ENOTFOUND, EFORBIDDEN,
// ECONFLICT, EINVALID.
func (e *Engine) SubmitCloseSupervised(ctx context.Context, applicant *registry.Member, accountID int64, cl registry.Closure) (*Application, error) {
	app := &Application{SubjectKind: AccountKind, Action: CloseAccount, SubjectID: accountID}
	err := e.inTx(ctx, func(tx bun.Tx, now time.Time) error {
		a, err := SupervisedAccount(ctx, tx, applicant, accountID)
		if err != nil {
			return err
		}
		if err := cl.Check(ctx, tx, a.ID); err != nil {
			return err
		}
		app.BaseVersion, app.Payload = a.Version, marshal(&AccountRequest{Closure: &cl})
		return e.submit(ctx, tx, now, app, applicant)
	})
	return app, err
}

// SupervisedAccount returns an account m's office approves for, open and
// not closing, m a reviewer, approver or admin of that office. Errors:
// ENOTFOUND, EFORBIDDEN, ECONFLICT.
func SupervisedAccount(ctx context.Context, db bun.IDB, m *registry.Member, accountID int64) (*registry.Account, error) {
	if m.Org == nil || m.Org.Kind != registry.Office || (m.Role != registry.Reviewer && m.Role != registry.Approver && m.Role != registry.Admin) {
		return nil, govmedia.Errorf(govmedia.EFORBIDDEN, "application.offices_close_only")
	}
	a, err := registry.AccountByID(ctx, db, accountID)
	if err != nil {
		return nil, err
	}
	offices, err := registry.ApprovingOffices(ctx, db, a.HostOrg)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(offices, m.OrgCode) {
		return nil, govmedia.Errorf(govmedia.ENOTFOUND, "account.not_found", "id", accountID)
	}
	switch a.State {
	case registry.Closed:
		return nil, govmedia.Errorf(govmedia.ECONFLICT, "account.wrong_state", "name", a.Name, "state", govmedia.Text("state.closed"))
	case registry.Closing:
		return nil, govmedia.Errorf(govmedia.ECONFLICT, "account.already_closing", "name", a.Name)
	}
	return a, nil
}
