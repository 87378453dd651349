package approvals

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/registry"
)

// Outcome is what a decision did.
type Outcome struct {
	Application *Application
	Decided     *Step // the step just decided
	Next        *Step // the step now pending, nil when the decision was final
}

// Decide records a verdict on a pending step. The decider must belong to
// the step's office with the step's role and must not be the applicant.
// Return and Reject need a reason. Of two deciders pressing at the same
// moment exactly one decides; the other gets ECONFLICT naming who decided.
// A final approval applies the application's effect in the same
// transaction, and is refused if the effect is (a stale change, say).
func (e *Engine) Decide(ctx context.Context, decider *registry.Member, stepID int64, v Verdict, reason string) (*Outcome, error) {
	reason = cleanReason(reason)
	if v != Approve && v != Return && v != Reject {
		return nil, govmedia.Errorf(govmedia.EINVALID, "decision.verdict_invalid", "verdict", v)
	}
	if v != Approve && reason == "" {
		return nil, govmedia.Errorf(govmedia.EINVALID, "decision.reason_required")
	}
	var out *Outcome
	err := e.inTx(ctx, func(tx bun.Tx, now time.Time) error {
		app, step, err := e.lockStep(ctx, tx, stepID)
		if err != nil {
			return err
		}
		if err := e.checkDecidable(ctx, tx, app, step, decider); err != nil {
			return err
		}
		step.State, step.DecidedBy, step.DecidedAt, step.Reason = stepStateOf(v), decider.ID, now, reason
		if _, err := tx.NewUpdate().Model(step).Column("state", "decided_by", "decided_at", "reason").WherePK().Exec(ctx); err != nil {
			return err
		}
		out = &Outcome{Application: app, Decided: step}
		return e.follow(ctx, tx, now, out, decider, v, reason)
	})
	return out, err
}

func stepStateOf(v Verdict) StepState {
	switch v {
	case Approve:
		return StepApproved
	case Return:
		return StepReturned
	}
	return StepRejected
}

// lockStep locks the step's application (serialising every decision on it)
// and returns both with the application's steps loaded.
func (e *Engine) lockStep(ctx context.Context, tx bun.Tx, stepID int64) (*Application, *Step, error) {
	app, err := e.lockWhere(ctx, tx, "application.id = (SELECT application_id FROM application_steps WHERE id = ?)", stepID)
	if govmedia.ErrorCode(err) == govmedia.ENOTFOUND {
		return nil, nil, govmedia.Errorf(govmedia.ENOTFOUND, "application.step_not_found")
	}
	if err != nil {
		return nil, nil, err
	}
	for _, s := range app.Steps {
		if s.ID == stepID {
			return app, s, nil
		}
	}
	return nil, nil, govmedia.Errorf(govmedia.ENOTFOUND, "application.step_not_found")
}

func (e *Engine) lockApplication(ctx context.Context, tx bun.Tx, id int64) (*Application, error) {
	app, err := e.lockWhere(ctx, tx, "application.id = ?", id)
	if govmedia.ErrorCode(err) == govmedia.ENOTFOUND {
		return nil, govmedia.Errorf(govmedia.ENOTFOUND, "application.not_found", "id", id)
	}
	return app, err
}

// lockWhere locks one application with its applicant and loads its steps.
func (e *Engine) lockWhere(ctx context.Context, tx bun.Tx, where string, arg any) (*Application, error) {
	app := new(Application)
	err := tx.NewSelect().Model(app).Relation("Applicant").Where(where, arg).For("UPDATE OF application").Scan(ctx)
	if isNoRows(err) {
		return nil, govmedia.Errorf(govmedia.ENOTFOUND, "application.not_found")
	}
	if err != nil {
		return nil, err
	}
	err = tx.NewSelect().Model(&app.Steps).Where("application_id = ?", app.ID).OrderExpr("round, position").Scan(ctx)
	return app, err
}

// checkDecidable refuses a decision on a step that is not the one waiting,
// and a decider who may not decide it.
//
// Who may not see the application is told the step does not exist, before
// anything about its state, so that a forged button reveals nothing.
func (e *Engine) checkDecidable(ctx context.Context, tx bun.Tx, app *Application, step *Step, decider *registry.Member) error {
	if CheckSee(ctx, tx, decider, app) != nil {
		return govmedia.Errorf(govmedia.ENOTFOUND, "application.step_not_found")
	}
	switch {
	case app.State == Withdrawn:
		return govmedia.Errorf(govmedia.ECONFLICT, "decision.withdrawn", "id", app.ID)
	case step.State != StepPending || step.Round != app.Round || app.State != Pending:
		return e.alreadyDecided(ctx, tx, app, step)
	case decider.OrgCode != step.OfficeOrg || !roleFits(decider.Role, step.DeciderRole):
		return govmedia.Errorf(govmedia.EFORBIDDEN, "decision.not_your_step", "office", officeName(ctx, tx, step.OfficeOrg),
			"role", govmedia.Text("role."+string(step.DeciderRole)))
	case decider.ID == app.ApplicantID || decider.TelegramUserID == app.Applicant.TelegramUserID:
		return govmedia.Errorf(govmedia.EFORBIDDEN, "decision.own_application")
	}
	return nil
}

// roleFits: an approver may decide a reviewer's step of its own office,
// not the other way round.
func roleFits(has, needs registry.Role) bool {
	return has == needs || (needs == registry.Reviewer && has == registry.Approver)
}

// alreadyDecided explains why a step can no longer be decided.
func (e *Engine) alreadyDecided(ctx context.Context, tx bun.Tx, app *Application, step *Step) error {
	if step.DecidedBy != 0 {
		name := "?"
		if m, err := registry.MemberByID(ctx, tx, step.DecidedBy); err == nil {
			name = m.DisplayName
		}
		return govmedia.Errorf(govmedia.ECONFLICT, "decision.already_decided", "by", name,
			"verdict", govmedia.Text("step."+string(step.State)), "at", govmedia.FormatTime(step.DecidedAt))
	}
	return govmedia.Errorf(govmedia.ECONFLICT, "decision.not_pending", "state", govmedia.Text("application."+string(app.State)))
}

func officeName(ctx context.Context, db bun.IDB, code string) string {
	var name string
	if err := db.NewSelect().Table("orgs").Column("name").Where("code = ?", code).Scan(ctx, &name); err != nil {
		return code
	}
	return name
}

// CanDecide tells, without deciding, whether decider may decide the step
// now: the same checks Decide makes, for front ends to refuse early.
func (e *Engine) CanDecide(ctx context.Context, decider *registry.Member, stepID int64) error {
	return e.inTx(ctx, func(tx bun.Tx, _ time.Time) error {
		app, step, err := e.lockStep(ctx, tx, stepID)
		if err != nil {
			return err
		}
		return e.checkDecidable(ctx, tx, app, step, decider)
	})
}
