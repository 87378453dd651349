package citizens

import (
	"context"
	"time"

	"github.com/riverqueue/river"
	"github.com/uptrace/bun"

	"govmedia/postgres"
)

// remindArgs looks for questions left unanswered (periodic).
type remindArgs struct{}

// Kind names the job.
func (remindArgs) Kind() string { return "citizens.remind" }

// forgetArgs deletes messages kept past their time (periodic).
type forgetArgs struct{}

// Kind names the job.
func (forgetArgs) Kind() string { return "citizens.forget" }

// Schedule registers the periodic jobs: reminders and escalations of
// unanswered questions, every few minutes; the deletion of messages past
// their keeping time, every few hours. Each runs on one replica at a time.
func (c *Citizens) Schedule(q *postgres.Queue) {
	river.AddWorker(q.Workers, river.WorkFunc(func(ctx context.Context, _ *river.Job[remindArgs]) error { return c.RemindOverdue(ctx) }))
	river.AddWorker(q.Workers, river.WorkFunc(func(ctx context.Context, _ *river.Job[forgetArgs]) error {
		_, err := c.ForgetOld(ctx)
		return err
	}))
	q.Every(5*time.Minute, func() river.JobArgs { return remindArgs{} })
	q.Every(6*time.Hour, func() river.JobArgs { return forgetArgs{} })
}

// RemindOverdue reminds the unit of each question unanswered past its
// time, once, and raises those unanswered past a working day with the
// unit's government office, once: each marked in the transaction whose
// listeners queue the notes.
func (c *Citizens) RemindOverdue(ctx context.Context) error {
	for _, due := range []struct{ at, done, kind string }{{"remind_at", "reminded_at", "reminder"}, {"escalate_at", "escalated_at", "escalated"}} {
		var ids []int64
		err := c.db.NewSelect().Model((*Question)(nil)).Column("id").
			Where("state = ? AND ? < ? AND ? IS NULL", Open, bun.Ident(due.at), c.now(), bun.Ident(due.done)).OrderExpr("id").Scan(ctx, &ids)
		if err != nil {
			return err
		}
		for _, id := range ids {
			if err := c.markDue(ctx, id, due.done, due.kind); err != nil {
				return err
			}
		}
	}
	return nil
}

func (c *Citizens) markDue(ctx context.Context, id int64, column, kind string) error {
	return c.inTx(ctx, func(tx bun.Tx, now time.Time) error {
		q, err := question(ctx, tx, id)
		if err != nil {
			return err
		}
		res, err := tx.NewUpdate().Model(q).Set("? = ?", bun.Ident(column), now).
			Where("id = ? AND ? IS NULL AND state = ?", id, bun.Ident(column), Open).Exec(ctx)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil // answered meanwhile, or another replica took it
		}
		if column == "escalated_at" {
			q.EscalatedAt = now
		}
		return c.emit(ctx, tx, Event{Kind: kind, Question: q})
	})
}

// ForgetOld deletes the messages kept past their time and returns how
// many; the questions keep their times, for the account's figures.
func (c *Citizens) ForgetOld(ctx context.Context) (int, error) {
	res, err := c.db.NewDelete().Model((*Message)(nil)).Where("at < ?", c.now().Add(-c.opts.Retention)).Exec(ctx)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}
