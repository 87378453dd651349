package postgres_test

import (
	"context"
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

func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }

type napArgs struct{ N int }

func (napArgs) Kind() string { return "test.nap" }

// TestQueueWorksAtMostItsWorkersAtOnce proves that the jobs the queue holds
// in hand beyond its workers wait for a turn: never more than the workers
// work at once, and every job is worked once.
func TestQueueWorksAtMostItsWorkersAtOnce(t *testing.T) {
	db := pgtest.NewDB(t)
	q, err := postgres.NewQueue(db)
	if err != nil {
		t.Fatal(err)
	}
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
		time.Sleep(20 * time.Millisecond)
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
			t.Fatalf("only %d of %d jobs worked", len(worked), jobs)
		}
	}
	if m := most.Load(); m != workers {
		t.Fatalf("at most %d jobs worked at once, want exactly %d (the workers)", m, workers)
	}
	for i := range jobs {
		if worked[i] != 1 {
			t.Fatalf("job %d worked %d times, want once", i, worked[i])
		}
	}
}
