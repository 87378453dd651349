package postgres_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"govmedia/postgres"
	"govmedia/postgres/pgtest"
)

func TestMain(m *testing.M) {
	if url := os.Getenv(holdingChild); url != "" {
		runHoldingChild(url)
	}
	os.Exit(pgtest.Run(m))
}

func newQueue(t *testing.T) (*postgres.DB, *postgres.Queue) {
	db := pgtest.NewDB(t)
	q, err := postgres.NewQueue(db)
	if err != nil {
		t.Fatal(err)
	}
	return db, q
}

type napArgs struct{ N int }

func (napArgs) Kind() string { return "test.nap" }

// TestQueueWorksAtMostItsWorkersAtOnce proves that the jobs the queue holds
// in hand beyond its workers wait for a turn: never more than the workers
// work at once, and every job is worked once.
func TestQueueWorksAtMostItsWorkersAtOnce(t *testing.T) {
	db, q := newQueue(t)
	const workers, jobs = 3, 40
	var working, most atomic.Int32
	var mu sync.Mutex
	worked := map[int]int{}
	done := make(chan struct{}, jobs)
	river.AddWorker(q.Workers, river.WorkFunc(func(ctx context.Context, j *river.Job[napArgs]) error {
		n := working.Add(1)
		defer working.Add(-1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		time.Sleep(50 * time.Millisecond)
		mu.Lock()
		worked[j.Args.N]++
		mu.Unlock()
		done <- struct{}{}
		return nil
	}))
	ctx := t.Context()
	for i := range jobs {
		if _, err := q.Insert(ctx, napArgs{N: i}, nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := q.Start(ctx, db, workers, slog.Default()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = q.Stop(context.Background()) })
	for range jobs {
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			t.Fatalf("not all %d jobs worked within 30 s", jobs)
		}
	}
	if m := most.Load(); m != workers {
		t.Fatalf("at most %d jobs worked at once, want exactly %d (the workers)", m, workers)
	}
	mu.Lock()
	defer mu.Unlock()
	for i := range jobs {
		if worked[i] != 1 {
			t.Fatalf("job %d worked %d times, want once", i, worked[i])
		}
	}
}

type slowArgs struct{ N int }

func (slowArgs) Kind() string { return "test.slow" }

// TestJobWaitingTooLongForATurnIsPutBackUncounted proves that a job held
// in hand gives up its wait within the bound (so that wait and run stay
// under the rescuer's limit) and is worked later, its attempt not counted.
func TestJobWaitingTooLongForATurnIsPutBackUncounted(t *testing.T) {
	db, q := newQueue(t)
	q.RescueAfter, q.JobTimeout = 5*time.Second, 3*time.Second // a turn is waited for at most 1 s
	type run struct{ n, attempt int }
	runs := make(chan run, 4)
	var first atomic.Bool
	river.AddWorker(q.Workers, river.WorkFunc(func(ctx context.Context, j *river.Job[slowArgs]) error {
		if first.CompareAndSwap(false, true) {
			time.Sleep(2500 * time.Millisecond) // holds the only turn well past the other's bound
		}
		runs <- run{j.Args.N, j.Attempt}
		return nil
	}))
	ctx := t.Context()
	for n := range 2 {
		if _, err := q.Insert(ctx, slowArgs{N: n}, nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := q.Start(ctx, db, 1, slog.Default()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = q.Stop(context.Background()) })
	var got []run
	for len(got) < 2 {
		select {
		case r := <-runs:
			got = append(got, r)
		case <-time.After(20 * time.Second):
			t.Fatalf("runs so far %v, want both jobs worked", got)
		}
	}
	if got[0].n == got[1].n || got[0].attempt != 1 || got[1].attempt != 1 {
		t.Fatalf("runs %v, want each job worked once, on its first attempt", got)
	}
	var snoozed bool
	if err := db.NewRaw("SELECT metadata->>'snoozes' IS NOT NULL FROM river_job WHERE kind = 'test.slow' AND args->>'N' = ?", fmt.Sprint(got[1].n)).Scan(ctx, &snoozed); err != nil {
		t.Fatal(err)
	}
	if !snoozed {
		t.Fatal("the waiting job was never put back: it waited past its bound")
	}
}

type deadlineArgs struct{}

func (deadlineArgs) Kind() string { return "test.deadline" }

// TestEveryJobRunsUnderADeadline checks that River's JobTimeout reaches
// a job's context: a job that waits on something that never comes ends.
func TestEveryJobRunsUnderADeadline(t *testing.T) {
	db, q := newQueue(t)
	got := make(chan time.Time, 1)
	river.AddWorker(q.Workers, river.WorkFunc(func(ctx context.Context, _ *river.Job[deadlineArgs]) error {
		deadline, _ := ctx.Deadline()
		got <- deadline
		return nil
	}))
	if _, err := q.Insert(t.Context(), deadlineArgs{}, nil); err != nil {
		t.Fatal(err)
	}
	if err := q.Start(t.Context(), db, 1, slog.Default()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = q.Stop(context.Background()) })
	select {
	case deadline := <-got:
		if deadline.IsZero() || time.Until(deadline) > 5*time.Minute {
			t.Fatalf("a job ran with deadline %v, want one within the 5-minute JobTimeout", deadline)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the job never ran")
	}
}
