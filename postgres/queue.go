package postgres

import (
	"cmp"
	"context"
	"database/sql"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertype"
	"github.com/uptrace/bun"
)

// Queue is the service's one job queue (River) on the shared pool: every
// durable job (notifications, deliveries, reminders) goes through it.
// Jobs are enqueued inside the caller's bun transaction, so that a job
// exists if and only if the change that asked for it committed.
type Queue struct {
	inserter *river.Client[*sql.Tx]
	worker   *river.Client[pgx.Tx]
	Workers  *river.Workers
	periodic []*river.PeriodicJob

	// RescueAfter is how long a job may run before River takes it to be
	// stuck and runs it again; default 10 minutes. A job whose process
	// died is resumed much sooner, by the heartbeats (DeadAfter).
	RescueAfter time.Duration
	// JobTimeout bounds one run of a job (default 5 minutes: a delivery
	// makes several WeChat calls of up to 30 s each); it may not exceed
	// RescueAfter. A job held in hand waits for its turn at most half the
	// difference, so that its wait and its run stay within RescueAfter.
	JobTimeout time.Duration
	// Backoff spaces the retries of failed jobs; default DefaultBackoff.
	Backoff Backoff
	// Heartbeat is how often this process says it is alive, and DeadAfter
	// how long a process may stay silent before the jobs it was running are
	// resumed by the others (see queue_alive.go); defaults DefaultHeartbeat
	// and DefaultDeadAfter.
	Heartbeat, DeadAfter time.Duration

	db        *DB
	stopAlive context.CancelFunc
}

// NewQueue returns a queue whose workers are added to Workers before Start.
func NewQueue(db *DB) (*Queue, error) {
	inserter, err := river.NewClient(riverdatabasesql.New(db.DB.DB), &river.Config{})
	if err != nil {
		return nil, err
	}
	return &Queue{inserter: inserter, Workers: river.NewWorkers()}, nil
}

// Every adds a job run every interval by whichever replica leads.
func (q *Queue) Every(interval time.Duration, args func() river.JobArgs) {
	q.periodic = append(q.periodic, river.NewPeriodicJob(river.PeriodicInterval(interval),
		func() (river.JobArgs, *river.InsertOpts) { return args(), nil }, &river.PeriodicJobOpts{RunOnStart: true}))
}

// DefaultWorkers is how many jobs work at once unless configured
// otherwise (GOVMEDIA_WORKERS).
const DefaultWorkers = 50

// Start runs the workers until Stop, with up to workers jobs at work at
// once. The queue holds a few more jobs in hand, each waiting for a turn,
// so that a finished job's turn passes to the next at once rather than
// after the next fetch from the database.
func (q *Queue) Start(ctx context.Context, db *DB, workers int, log *slog.Logger) error {
	rescue, timeout := cmp.Or(q.RescueAfter, 10*time.Minute), cmp.Or(q.JobTimeout, 5*time.Minute)
	client, err := river.NewClient(riverpgxv5.New(db.Pool), &river.Config{
		Queues:       map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: workers + inHand(workers)}},
		Workers:      q.Workers,
		Middleware:   []rivertype.Middleware{turns(workers, max(time.Second, (rescue-timeout)/2))},
		PeriodicJobs: q.periodic,
		Logger:       slog.New(warnOnly{log.Handler()}),
		// Fetch soon after a job ends, so that the jobs in hand are
		// replenished while the others work.
		FetchCooldown:        5 * time.Millisecond,
		FetchPollInterval:    200 * time.Millisecond,
		RescueStuckJobsAfter: rescue,
		JobTimeout:           timeout,
		RetryPolicy:          q.backoff(),
	})
	if err != nil {
		return err
	}
	if err := q.alive(ctx, db, client.ID(), log); err != nil {
		return err
	}
	q.worker, q.db = client, db
	return client.Start(ctx)
}

// Stop stops fetching and lets running jobs finish, up to ctx's deadline;
// jobs still waiting for a turn go back to the queue.
func (q *Queue) Stop(ctx context.Context) error {
	if q.worker == nil {
		return nil
	}
	if err := q.worker.Stop(ctx); err != nil {
		return err
	}
	q.retire()
	return nil
}

// Cancel cancels the contexts of the jobs still running and waits for
// them to return, up to ctx's deadline; call it after a Stop that ran out
// of time.
func (q *Queue) Cancel(ctx context.Context) error {
	if q.worker == nil {
		return nil
	}
	err := q.worker.StopAndCancel(ctx)
	q.retire()
	return err
}

// InsertTx enqueues a job inside tx.
func (q *Queue) InsertTx(ctx context.Context, tx bun.Tx, args river.JobArgs, opts *river.InsertOpts) error {
	_, err := q.inserter.InsertTx(ctx, tx.Tx, args, opts)
	return err
}

// Insert enqueues a job on its own.
func (q *Queue) Insert(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error) {
	return q.inserter.Insert(ctx, args, opts)
}

// warnOnly passes on the queue's warnings and errors; its routine info
// (job counts every few seconds) would drown the service's own log.
type warnOnly struct{ slog.Handler }

func (w warnOnly) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= slog.LevelWarn && w.Handler.Enabled(ctx, l)
}

func (w warnOnly) WithAttrs(attrs []slog.Attr) slog.Handler {
	return warnOnly{w.Handler.WithAttrs(attrs)}
}

func (w warnOnly) WithGroup(name string) slog.Handler { return warnOnly{w.Handler.WithGroup(name)} }

func (q *Queue) backoff() Backoff {
	if q.Backoff.Base == 0 {
		return DefaultBackoff
	}
	return q.Backoff
}

// inHand is how many jobs beyond the workers the queue holds, waiting for
// a turn: about an eighth more, at least two.
func inHand(workers int) int { return max(2, workers/8) }

// turns lets at most n jobs work at once. A job held in hand waits for a
// turn at most maxWait; one that waits longer, or whose run is cancelled
// (the service stopping), is snoozed: put back in the queue without an
// attempt counted against it.
func turns(n int, maxWait time.Duration) rivertype.Middleware {
	sem := make(chan struct{}, n)
	return river.WorkerMiddlewareFunc(func(ctx context.Context, _ *rivertype.JobRow, work func(context.Context) error) error {
		wait := time.NewTimer(maxWait)
		defer wait.Stop()
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			return river.JobSnooze(0)
		case <-wait.C:
			return river.JobSnooze(0)
		}
		defer func() { <-sem }()
		return work(ctx)
	})
}
