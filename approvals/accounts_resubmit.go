package approvals

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/registry"
)

// Revision is what an applicant edits in a returned account application:
// the fields of an open or change, or the closure of a close.
type Revision struct {
	Fields  *registry.Fields
	Closure *registry.Closure
}

// ResubmitAccount sends a returned account application back up its chain
// with the applicant's edits, starting at the office that returned it.
func (e *Engine) ResubmitAccount(ctx context.Context, applicant *registry.Member, id int64, rev Revision) (*Application, error) {
	var app *Application
	err := e.inTx(ctx, func(tx bun.Tx, now time.Time) error {
		var err error
		if app, err = e.lockOwn(ctx, tx, applicant, id, false); err != nil {
			return err
		}
		req, err := e.revisedRequest(ctx, tx, app, rev)
		if err != nil {
			return err
		}
		return e.resubmit(ctx, tx, now, applicant, app, marshal(req))
	})
	return app, err
}

func (e *Engine) revisedRequest(ctx context.Context, tx bun.Tx, app *Application, rev Revision) (*AccountRequest, error) {
	switch {
	case app.Action == OpenAccount && rev.Fields != nil:
		return e.openRequest(ctx, tx, app.ApplicantOrg, *rev.Fields)
	case app.Action == ChangeAccount && rev.Fields != nil:
		a, err := registry.AccountByID(ctx, tx, app.SubjectID)
		if err != nil {
			return nil, err
		}
		app.BaseVersion = a.Version
		return e.changeRequest(ctx, tx, a, *rev.Fields)
	case app.Action == CloseAccount && rev.Closure != nil:
		a, err := registry.AccountByID(ctx, tx, app.SubjectID)
		if err != nil {
			return nil, err
		}
		if err := rev.Closure.Check(ctx, tx, a.ID); err != nil {
			return nil, err
		}
		app.BaseVersion = a.Version
		return &AccountRequest{Closure: rev.Closure}, nil
	}
	return nil, govmedia.Errorf(govmedia.EINVALID, "application.revision_mismatch")
}
