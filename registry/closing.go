package registry

import (
	"context"
	"time"

	"github.com/riverqueue/river"
	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/postgres"
)

// ClosedListener hears an account closed at the end of its notice, inside
// the transaction that closed it, so that what it queues (a word to the
// host unit) is committed with the closure or not at all.
type ClosedListener func(ctx context.Context, tx bun.Tx, a *Account) error

// OnClosed adds a listener for accounts closing at the end of their
// notice. Add listeners at start, before the closing job runs.
func (r *Registry) OnClosed(l ClosedListener) { r.closedListeners = append(r.closedListeners, l) }

// CloseDue closes every account whose notice period has ended and returns
// how many it closed. Each closure is its own transaction, with its
// listeners; an account closed meanwhile by another replica is left alone.
func (r *Registry) CloseDue(ctx context.Context) (int, error) {
	var ids []int64
	err := r.db.NewSelect().Model((*Account)(nil)).Column("id").
		Where("state = ? AND closing_until <= ?", Closing, r.now()).OrderExpr("id").Scan(ctx, &ids)
	if err != nil {
		return 0, err
	}
	closed := 0
	for _, id := range ids {
		err := r.inTx(ctx, func(tx bun.Tx) error { return r.closeOne(ctx, tx, id) })
		switch {
		case err == nil:
			closed++
		case govmedia.ErrorCode(err) != govmedia.ECONFLICT:
			return closed, err
		}
	}
	return closed, nil
}

// closeOne closes one account at the end of its notice and tells the
// listeners.
func (r *Registry) closeOne(ctx context.Context, tx bun.Tx, id int64) error {
	if err := r.setState(ctx, tx, id, []State{Closing}, Closed, Change{Actor: govmedia.System, Action: "account.closed"}); err != nil {
		return err
	}
	a, err := AccountByID(ctx, tx, id)
	if err != nil {
		return err
	}
	for _, l := range r.closedListeners {
		if err := l(ctx, tx, a); err != nil {
			return err
		}
	}
	return nil
}

// closeDueArgs is the periodic job that closes the accounts whose notice
// has ended.
type closeDueArgs struct{}

// Kind names the job.
func (closeDueArgs) Kind() string { return "registry.close_due" }

// CloseEvery is how often the service looks for accounts whose notice has
// ended: an account closes within a minute of its date.
const CloseEvery = time.Minute

// AddJobs registers the registry's periodic job on the queue: every
// interval, the accounts whose notice has ended are closed. River has the
// elected leader enqueue periodic jobs, one a period across replicas;
// were two to run at once, each closure locks its account and happens once.
func (r *Registry) AddJobs(q *postgres.Queue, every time.Duration) {
	river.AddWorker(q.Workers, river.WorkFunc(func(ctx context.Context, _ *river.Job[closeDueArgs]) error {
		_, err := r.CloseDue(ctx)
		return err
	}))
	q.Every(every, func() river.JobArgs { return closeDueArgs{} })
}
