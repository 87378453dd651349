package approvals

import (
	"context"
	"encoding/json"
	"time"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/registry"
)

// Withdraw ends an application at its applicant's wish, before its final
// decision.
func (e *Engine) Withdraw(ctx context.Context, applicant *registry.Member, id int64) (*Application, error) {
	var app *Application
	err := e.inTx(ctx, func(tx bun.Tx, now time.Time) error {
		var err error
		if app, err = e.lockOwn(ctx, tx, applicant, id, true); err != nil {
			return err
		}
		app.State, app.DecidedAt = Withdrawn, now
		if err := e.cancelRest(ctx, tx, app); err != nil {
			return err
		}
		if err := e.touch(ctx, tx, now, app); err != nil {
			return err
		}
		if err := e.audit(ctx, tx, now, applicant.Actor(), app, "application.withdraw", ""); err != nil {
			return err
		}
		return e.emit(ctx, tx, Event{Kind: "withdrawn", Application: app, Actor: applicant.Actor()})
	})
	return app, err
}

// lockOwn locks an application of the applicant that is not yet final;
// with admins, an admin over the applicant's org may act too (so that an
// application left by someone revoked does not block its account).
func (e *Engine) lockOwn(ctx context.Context, tx bun.Tx, applicant *registry.Member, id int64, admins bool) (*Application, error) {
	app, err := e.lockApplication(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if err := CheckSee(ctx, tx, applicant, app); err != nil {
		return nil, err
	}
	if app.ApplicantID != applicant.ID && (!admins || !registry.AdminOver(ctx, tx, applicant, app.ApplicantOrg)) {
		return nil, govmedia.Errorf(govmedia.EFORBIDDEN, "application.not_yours")
	}
	if app.State.Final() {
		return nil, govmedia.Errorf(govmedia.ECONFLICT, "application.already_final", "state", govmedia.Text("application."+string(app.State)))
	}
	return app, nil
}

// resubmit starts a new round of a returned application with a new
// payload, at the step that returned it.
func (e *Engine) resubmit(ctx context.Context, tx bun.Tx, now time.Time, applicant *registry.Member, app *Application, payload json.RawMessage) error {
	if app.State != Returned {
		return govmedia.Errorf(govmedia.ECONFLICT, "application.not_returned")
	}
	prev := app.CurrentSteps()
	from := 0
	specs := make([]StepSpec, len(prev))
	for i, s := range prev {
		specs[i] = StepSpec{Office: s.OfficeOrg, Role: s.DeciderRole}
		if s.State == StepReturned {
			from = i
		}
	}
	app.ReturnedPayload, app.Payload, app.State = app.Payload, payload, Pending
	app.Round++
	if err := e.writeRound(ctx, tx, now, app, specs, prev, from); err != nil {
		return err
	}
	if err := e.touch(ctx, tx, now, app); err != nil {
		return err
	}
	if err := e.audit(ctx, tx, now, applicant.Actor(), app, "application.resubmit", ""); err != nil {
		return err
	}
	return e.emit(ctx, tx, Event{Kind: "resubmitted", Application: app, Step: app.PendingStep(), Actor: applicant.Actor()})
}
