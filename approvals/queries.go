package approvals

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"govmedia"
)

// Application returns one application with its applicant and every step
// of every round, each with its office and decider.
func (e *Engine) Application(ctx context.Context, id int64) (*Application, error) {
	app := new(Application)
	err := e.db.NewSelect().Model(app).Relation("Applicant").Relation("Applicant.Org").Where("application.id = ?", id).Scan(ctx)
	if isNoRows(err) {
		return nil, govmedia.Errorf(govmedia.ENOTFOUND, "application.not_found", "id", id)
	}
	if err != nil {
		return nil, err
	}
	err = e.db.NewSelect().Model(&app.Steps).Relation("Office").Relation("Decider").
		Where("application_id = ?", id).OrderExpr("round, position").Scan(ctx)
	return app, err
}

// Filter narrows a listing of applications.
type Filter struct {
	States      []State
	ApplicantID int64
	Org         string // the applicant's org
	Kind        string
	After       int64 // keyset cursor: list ids below this one (newest first)
	Limit       int
}

// Applications lists applications, newest first, without their steps.
func (e *Engine) Applications(ctx context.Context, f Filter) ([]*Application, error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	var list []*Application
	q := e.db.NewSelect().Model(&list).Relation("Applicant").OrderExpr("application.id DESC").Limit(int64(f.Limit))
	if len(f.States) > 0 {
		q = q.Where("application.state IN (?)", bun.List(f.States))
	}
	if f.ApplicantID != 0 {
		q = q.Where("application.applicant_id = ?", f.ApplicantID)
	}
	if f.Org != "" {
		q = q.Where("application.applicant_org = ?", f.Org)
	}
	if f.Kind != "" {
		q = q.Where("application.subject_kind = ?", f.Kind)
	}
	if f.After > 0 {
		q = q.Where("application.id < ?", f.After)
	}
	return list, q.Scan(ctx)
}

// Waiting lists the steps pending at an office, oldest first.
func (e *Engine) Waiting(ctx context.Context, office string, offset, limit int) ([]*Step, int, error) {
	var list []*Step
	n, err := e.db.NewSelect().Model(&list).Relation("Office").
		Where("step.office_org = ? AND step.state = ?", office, StepPending).
		OrderExpr("step.started_at, step.id").Offset(int64(offset)).Limit(int64(limit)).ScanAndCount(ctx)
	return list, int(n), err
}

// Overdue lists the pending steps past their deadline at now, the most
// overdue first.
func (e *Engine) Overdue(ctx context.Context, now time.Time) ([]*Step, error) {
	var list []*Step
	err := e.db.NewSelect().Model(&list).Relation("Office").
		Where("step.state = ? AND step.due_at < ?", StepPending, now).
		OrderExpr("step.due_at, step.id").Scan(ctx)
	return list, err
}

// MarkReminded records, in tx, that a step's office was reminded, and
// MarkEscalated that the next office was told; each reports whether this
// call was the one that recorded it, so that replicas remind once. The
// caller queues the notification in the same tx: it is marked sent if and
// only if it was queued.
func (e *Engine) MarkReminded(ctx context.Context, tx bun.IDB, stepID int64) (bool, error) {
	return e.markOnce(ctx, tx, stepID, "reminded_at")
}

// MarkEscalated records, in tx, that a long-overdue step was raised with
// the next office.
func (e *Engine) MarkEscalated(ctx context.Context, tx bun.IDB, stepID int64) (bool, error) {
	return e.markOnce(ctx, tx, stepID, "escalated_at")
}

func (e *Engine) markOnce(ctx context.Context, tx bun.IDB, stepID int64, column string) (bool, error) {
	res, err := tx.NewUpdate().Model((*Step)(nil)).Set("? = ?", bun.Ident(column), e.now()).
		Where("id = ? AND ? IS NULL AND state = ?", stepID, bun.Ident(column), StepPending).Exec(ctx)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// Now tells the engine's time.
func (e *Engine) Now() time.Time { return e.now() }

// ApplicationOfStep returns the id of the application a step belongs to.
// Errors: ENOTFOUND.
func (e *Engine) ApplicationOfStep(ctx context.Context, stepID int64) (int64, error) {
	var id int64
	err := e.db.NewSelect().Model((*Step)(nil)).Column("application_id").Where("id = ?", stepID).Scan(ctx, &id)
	if isNoRows(err) {
		return 0, govmedia.Errorf(govmedia.ENOTFOUND, "application.step_not_found")
	}
	return id, err
}

// LatestApplication returns the id of the newest application about a
// subject. Errors: ENOTFOUND.
func (e *Engine) LatestApplication(ctx context.Context, kind string, subjectID int64) (int64, error) {
	var id int64
	err := e.db.NewSelect().Model((*Application)(nil)).Column("id").
		Where("subject_kind = ? AND subject_id = ?", kind, subjectID).OrderExpr("id DESC").Limit(1).Scan(ctx, &id)
	if isNoRows(err) {
		return 0, govmedia.Errorf(govmedia.ENOTFOUND, "application.not_found", "id", subjectID)
	}
	return id, err
}

// LatestOf returns the newest application about a subject, through db (a
// caller's transaction), without its steps; nil when there is none.
func LatestOf(ctx context.Context, db bun.IDB, kind string, subjectID int64) (*Application, error) {
	app := new(Application)
	err := db.NewSelect().Model(app).Where("subject_kind = ? AND subject_id = ?", kind, subjectID).
		OrderExpr("id DESC").Limit(1).Scan(ctx)
	if isNoRows(err) {
		return nil, nil
	}
	return app, err
}
