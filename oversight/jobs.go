package oversight

import (
	"context"
	"time"

	"github.com/riverqueue/river"

	"govmedia/postgres"
)

// dailyArgs runs the day's checks (periodic).
type dailyArgs struct{}

// Kind names the job.
func (dailyArgs) Kind() string { return "oversight.daily" }

// Schedule registers the checks the city office's supervision runs: the
// accounts' silences, the monthly reports, the milestones. They run every
// hour on one replica; each notice is sent once (oversight_notices), so
// that a check run twice, or late, tells no one twice.
func (o *Oversight) Schedule(q *postgres.Queue) {
	river.AddWorker(q.Workers, river.WorkFunc(func(ctx context.Context, _ *river.Job[dailyArgs]) error { return o.Check(ctx) }))
	q.Every(time.Hour, func() river.JobArgs { return dailyArgs{} })
}

// Check runs every check once.
func (o *Oversight) Check(ctx context.Context) error {
	for _, check := range []func(context.Context) error{o.checkSilences, o.checkReports, o.checkMilestones} {
		if err := check(ctx); err != nil {
			return err
		}
	}
	return nil
}
