package approvals

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/registry"
)

// SubmitOpen applies to open an account for the applicant's org.
func (e *Engine) SubmitOpen(ctx context.Context, applicant *registry.Member, f registry.Fields) (*Application, error) {
	if err := mayApply(applicant); err != nil {
		return nil, err
	}
	app := &Application{SubjectKind: AccountKind, Action: OpenAccount}
	err := e.inTx(ctx, func(tx bun.Tx, now time.Time) error {
		req, err := e.openRequest(ctx, tx, applicant.OrgCode, f)
		if err != nil {
			return err
		}
		app.Payload = marshal(req)
		return e.submit(ctx, tx, now, app, applicant)
	})
	return app, err
}

func (e *Engine) openRequest(ctx context.Context, tx bun.Tx, org string, f registry.Fields) (*AccountRequest, error) {
	if err := e.reg.CheckFields(ctx, tx, org, &f, 0); err != nil {
		return nil, err
	}
	if err := e.reg.SealPhone(ctx, tx, &f); err != nil {
		return nil, err
	}
	w, err := warnings(ctx, tx, org, &f, 0)
	return &AccountRequest{Fields: &f, Warnings: w}, err
}

// SubmitChange applies to change an account of the applicant's org to the
// given fields; it is decided against the account's current version.
func (e *Engine) SubmitChange(ctx context.Context, applicant *registry.Member, accountID int64, f registry.Fields) (*Application, error) {
	app := &Application{SubjectKind: AccountKind, Action: ChangeAccount, SubjectID: accountID}
	err := e.inTx(ctx, func(tx bun.Tx, now time.Time) error {
		a, err := ownAccount(ctx, tx, applicant, accountID)
		if err != nil {
			return err
		}
		req, err := e.changeRequest(ctx, tx, a, f)
		if err != nil {
			return err
		}
		app.BaseVersion, app.Payload = a.Version, marshal(req)
		return e.submit(ctx, tx, now, app, applicant)
	})
	return app, err
}

func (e *Engine) changeRequest(ctx context.Context, tx bun.Tx, a *registry.Account, f registry.Fields) (*AccountRequest, error) {
	f.Platform = a.Platform
	if err := e.reg.CheckFields(ctx, tx, a.HostOrg, &f, a.ID); err != nil {
		return nil, err
	}
	if err := e.reg.SealPhone(ctx, tx, &f); err != nil {
		return nil, err
	}
	changes := e.reg.Diff(a, f)
	if len(changes) == 0 {
		return nil, govmedia.Errorf(govmedia.EINVALID, "account.no_change")
	}
	w, err := warnings(ctx, tx, a.HostOrg, &f, a.ID)
	return &AccountRequest{Fields: &f, Changes: changes, Warnings: w}, err
}

// SubmitClose applies to close an account of the applicant's org.
func (e *Engine) SubmitClose(ctx context.Context, applicant *registry.Member, accountID int64, cl registry.Closure) (*Application, error) {
	app := &Application{SubjectKind: AccountKind, Action: CloseAccount, SubjectID: accountID}
	err := e.inTx(ctx, func(tx bun.Tx, now time.Time) error {
		a, err := ownAccount(ctx, tx, applicant, accountID)
		if err != nil {
			return err
		}
		if a.State == registry.Closing {
			return govmedia.Errorf(govmedia.ECONFLICT, "account.already_closing", "name", a.Name)
		}
		if err := cl.Check(ctx, tx, a.ID); err != nil {
			return err
		}
		app.BaseVersion, app.Payload = a.Version, marshal(&AccountRequest{Closure: &cl})
		return e.submit(ctx, tx, now, app, applicant)
	})
	return app, err
}
