package approvals

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/registry"
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

// DecisionFigures are how fast a set of orgs' applications were decided.
type DecisionFigures struct {
	Decided     int     `bun:"decided"`
	MedianHours float64 `bun:"median_hours"`
}

// DecisionFiguresOf counts the account applications (open, change,
// close) of applicants in orgs decided for good in [from, to), and the
// median time from submission to decision.
func DecisionFiguresOf(ctx context.Context, db bun.IDB, orgs []string, from, to time.Time) (DecisionFigures, error) {
	var f DecisionFigures
	if len(orgs) == 0 {
		return f, nil
	}
	err := db.NewSelect().Model((*Application)(nil)).
		ColumnExpr("count(*) AS decided").
		ColumnExpr("coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - created_at) / 3600), 0) AS median_hours").
		Where("subject_kind = ? AND applicant_org IN (?) AND state IN (?, ?) AND decided_at >= ? AND decided_at < ?", AccountKind, bun.List(orgs), Approved, Rejected, from, to).
		Scan(ctx, &f)
	return f, err
}

// PassedBy returns, for each subject of a kind whose current round's steps
// of role were all approved, when the last of them was: when a catalog
// version passed its guiding departments, or its county office.
func PassedBy(ctx context.Context, db bun.IDB, kind string, subjects []int64, role registry.Role) (map[int64]time.Time, error) {
	out := map[int64]time.Time{}
	if len(subjects) == 0 {
		return out, nil
	}
	var rows []struct {
		SubjectID int64     `bun:"subject_id"`
		At        time.Time `bun:"at"`
	}
	err := db.NewSelect().TableExpr("applications AS a").
		Join("JOIN application_steps AS s ON s.application_id = a.id AND s.round = a.round").
		ColumnExpr("a.subject_id, max(s.decided_at) AS at").
		Where("a.subject_kind = ? AND a.subject_id IN (?) AND s.decider_role = ?", kind, bun.List(subjects), role).
		GroupExpr("a.subject_id").Having("bool_and(s.state = ?)", StepApproved).Scan(ctx, &rows)
	for _, r := range rows {
		out[r.SubjectID] = r.At
	}
	return out, err
}
