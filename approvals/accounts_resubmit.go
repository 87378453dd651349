package approvals

import (
	"context"
	"encoding/json"
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
	err := e.inTx(ctx, func(tx bun.Tx, _ time.Time) error {
		var err error
		app, err = e.ResubmitTx(ctx, tx, applicant, id, func(app *Application) (json.RawMessage, error) {
			if app.SubjectKind != AccountKind {
				return nil, govmedia.Errorf(govmedia.EINVALID, "application.revision_mismatch")
			}
			req, err := e.revisedRequest(ctx, tx, app, rev)
			if err != nil {
				return nil, err
			}
			return marshal(req), nil
		})
		return err
	})
	return app, err
}

// ResubmitTx sends a returned application of any kind back up its chain,
// in tx, starting at the office that returned it. revise applies the
// applicant's edits to the subject and returns the application's new
// payload; an error from it refuses the resubmission.
func (e *Engine) ResubmitTx(ctx context.Context, tx bun.Tx, applicant *registry.Member, id int64, revise func(*Application) (json.RawMessage, error)) (*Application, error) {
	app, err := e.lockOwn(ctx, tx, applicant, id, false)
	if err != nil {
		return nil, err
	}
	if app.State != Returned {
		return nil, govmedia.Errorf(govmedia.ECONFLICT, "application.not_returned")
	}
	payload, err := revise(app)
	if err != nil {
		return nil, err
	}
	return app, e.resubmit(ctx, tx, e.now(), applicant, app, payload)
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
