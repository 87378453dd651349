package approvals

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/registry"
)

// RemindersDue lists, at now, the overdue steps whose office must be
// reminded — once each working day, in office hours — and those to raise
// with the office above: pending past twice their time, not raised yet.
// Outside working days and hours nobody is reminded; a step is raised
// whenever it comes due.
func (e *Engine) RemindersDue(ctx context.Context, now time.Time) (remind, escalate []*Step, err error) {
	steps, err := e.Overdue(ctx, now)
	if err != nil {
		return nil, nil, err
	}
	open := e.calendar.InOfficeHours(now)
	today := dayStart(now)
	for _, s := range steps {
		if open && (s.RemindedAt.IsZero() || s.RemindedAt.Before(today)) {
			remind = append(remind, s)
		}
		if s.EscalatedAt.IsZero() && now.After(s.DueAt.Add(s.DueAt.Sub(s.StartedAt))) {
			escalate = append(escalate, s)
		}
	}
	return remind, escalate, nil
}

// MarkRemindedToday records, in tx, that a step's office was reminded now,
// and reports whether this call recorded it: a step is reminded once a
// day however many replicas look (the caller queues the reminder in tx).
func (e *Engine) MarkRemindedToday(ctx context.Context, tx bun.IDB, stepID int64) (bool, error) {
	now := e.now()
	res, err := tx.NewUpdate().Model((*Step)(nil)).Set("reminded_at = ?", now).
		Where("id = ? AND state = ? AND (reminded_at IS NULL OR reminded_at < ?)", stepID, StepPending, dayStart(now)).Exec(ctx)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// dayStart is the first moment of t's day in China.
func dayStart(t time.Time) time.Time {
	c := t.In(govmedia.ChinaTime)
	return time.Date(c.Year(), c.Month(), c.Day(), 0, 0, 0, 0, govmedia.ChinaTime)
}

// InOfficeHours reports whether t (China time) is within the office hours
// of a working day.
func (c Calendar) InOfficeHours(t time.Time) bool {
	ct := t.In(govmedia.ChinaTime)
	return c.working(ct) && ct.Hour() >= officeOpens && ct.Hour() < officeCloses
}

// EscalationOf says who hears of a step left long overdue: the office
// above the step's office — the office of its own government for a
// department, of the government above for an office — or, for the city
// office's own steps, which have no office above, that office's admins
// (admins true).
func EscalationOf(ctx context.Context, db bun.IDB, s *Step) (org string, admins bool, err error) {
	up, err := registry.Ancestors(ctx, db, s.OfficeOrg)
	if err != nil {
		return "", false, err
	}
	for _, g := range up[1:] {
		if g.Kind != registry.Government {
			continue
		}
		office, err := registry.OfficeOf(ctx, db, g.Code)
		if err != nil {
			return "", false, err
		}
		if office != nil && office.Code != s.OfficeOrg {
			return office.Code, false, nil
		}
	}
	return s.OfficeOrg, true, nil
}

// Overdue reports whether the step is past its deadline at now.
func (s *Step) Overdue(now time.Time) bool {
	return s.State == StepPending && !s.DueAt.IsZero() && now.After(s.DueAt)
}
