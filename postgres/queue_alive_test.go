package postgres_test

import (
	"context"
	"log/slog"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"govmedia/postgres"
	"govmedia/postgres/pgtest"
)

// holdArgs is a job that the child process takes and never finishes.
type holdArgs struct{}

func (holdArgs) Kind() string { return "test.hold" }

// holdingChild is the environment variable that makes the test binary a
// queue worker on the database it names, holding every test.hold job.
const holdingChild = "GOVMEDIA_TEST_HOLDING_CHILD"

// runHoldingChild works the queue of the database at url until killed,
// taking test.hold jobs and never finishing them.
func runHoldingChild(url string) {
	ctx := context.Background()
	db, err := postgres.Open(ctx, url, 4)
	if err != nil {
		panic(err)
	}
	q, err := postgres.NewQueue(db)
	if err != nil {
		panic(err)
	}
	river.AddWorker(q.Workers, river.WorkFunc(func(ctx context.Context, _ *river.Job[holdArgs]) error {
		<-ctx.Done() // until the job's timeout, far beyond the test
		return ctx.Err()
	}))
	if err := q.Start(ctx, db, 1, slog.Default()); err != nil {
		panic(err)
	}
	select {}
}

// TestAKilledProcessesJobIsResumedWithinTwoMinutes has a child process take
// a job and kills it (SIGKILL) while the job runs; another queue, with the
// default settings, must complete the job within two minutes of the kill.
func TestAKilledProcessesJobIsResumedWithinTwoMinutes(t *testing.T) {
	url := pgtest.NewDatabaseURL(t)
	db, err := postgres.Open(context.Background(), url, 8)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	q, err := postgres.NewQueue(db)
	if err != nil {
		t.Fatal(err)
	}
	res, err := q.Insert(context.Background(), holdArgs{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	child := exec.Command(os.Args[0])
	child.Env = append(os.Environ(), holdingChild+"="+url)
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = child.Process.Kill(); _ = child.Wait() })
	waitJob(t, db, res.Job.ID, "running", time.Minute)
	if err := child.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = child.Wait()
	killed := time.Now()

	done := make(chan struct{})
	river.AddWorker(q.Workers, river.WorkFunc(func(ctx context.Context, _ *river.Job[holdArgs]) error {
		close(done)
		return nil
	}))
	if err := q.Start(context.Background(), db, 2, slog.Default()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = q.Stop(context.Background()) })
	select {
	case <-done:
	case <-time.After(2 * time.Minute):
		t.Fatal("the killed process's job was not resumed within two minutes")
	}
	waitJob(t, db, res.Job.ID, "completed", 10*time.Second)
	t.Logf("resumed and completed %.1f s after the kill", time.Since(killed).Seconds())
}

// waitJob waits up to within for the job to reach state.
func waitJob(t *testing.T, db *postgres.DB, id int64, state string, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	var got string
	for time.Now().Before(deadline) {
		if err := db.NewRaw("SELECT state FROM river_job WHERE id = ?", id).Scan(context.Background(), &got); err == nil && got == state {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("job %d is %q after %v, want %s", id, got, within, state)
}
