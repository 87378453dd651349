package approvals

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/registry"
)

// follow moves the application on after a step's verdict: to the next
// step, to its final approval and effect, or back to the applicant.
func (e *Engine) follow(ctx context.Context, tx bun.Tx, now time.Time, out *Outcome, decider *registry.Member, v Verdict, reason string) error {
	app, step := out.Application, out.Decided
	actor := decider.Actor()
	if v == Approve {
		if next := nextStep(app, step); next != nil {
			next.State, next.StartedAt, next.DueAt = StepPending, now, e.calendar.Due(now)
			if _, err := tx.NewUpdate().Model(next).Column("state", "started_at", "due_at").WherePK().Exec(ctx); err != nil {
				return err
			}
			out.Next = next
			if err := e.touch(ctx, tx, now, app); err != nil {
				return err
			}
			if err := e.audit(ctx, tx, now, actor, app, "application.pass", ""); err != nil {
				return err
			}
			return e.emit(ctx, tx, Event{Kind: "step_approved", Application: app, Step: step, Actor: actor})
		}
		if err := e.policies[app.SubjectKind].Apply(ctx, tx, app, decider); err != nil {
			return err
		}
	}
	return e.finishRound(ctx, tx, now, app, step, actor, v, reason)
}

// finishRound ends the application's current round: approved or rejected
// for good, or returned to the applicant. Steps not reached are cancelled.
func (e *Engine) finishRound(ctx context.Context, tx bun.Tx, now time.Time, app *Application, step *Step, actor govmedia.Actor, v Verdict, reason string) error {
	app.State = map[Verdict]State{Approve: Approved, Reject: Rejected, Return: Returned}[v]
	if app.State.Final() {
		app.DecidedAt = now
	}
	if err := e.cancelRest(ctx, tx, app); err != nil {
		return err
	}
	if err := e.touch(ctx, tx, now, app); err != nil {
		return err
	}
	if err := e.audit(ctx, tx, now, actor, app, "application."+string(v), reason); err != nil {
		return err
	}
	kind := map[Verdict]string{Approve: "approved", Reject: "rejected", Return: "returned"}[v]
	return e.emit(ctx, tx, Event{Kind: kind, Application: app, Step: step, Actor: actor})
}

func nextStep(app *Application, step *Step) *Step {
	for _, s := range app.CurrentSteps() {
		if s.Position == step.Position+1 {
			return s
		}
	}
	return nil
}

// cancelRest cancels the current round's steps still waiting or pending.
func (e *Engine) cancelRest(ctx context.Context, tx bun.Tx, app *Application) error {
	open := false
	for _, s := range app.CurrentSteps() {
		open = open || s.State == StepWaiting || s.State == StepPending
	}
	if !open {
		return nil
	}
	_, err := tx.NewUpdate().Model((*Step)(nil)).Set("state = ?", StepCancelled).
		Where("application_id = ? AND round = ? AND state IN (?)", app.ID, app.Round, bun.List([]StepState{StepWaiting, StepPending})).
		Exec(ctx)
	for _, s := range app.CurrentSteps() {
		if s.State == StepWaiting || s.State == StepPending {
			s.State = StepCancelled
		}
	}
	return err
}

func (e *Engine) touch(ctx context.Context, tx bun.Tx, now time.Time, app *Application) error {
	app.UpdatedAt = now
	_, err := tx.NewUpdate().Model(app).Column("state", "round", "payload", "returned_payload", "subject_id", "base_version", "updated_at", "decided_at").WherePK().Exec(ctx)
	return err
}
