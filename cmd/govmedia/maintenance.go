package main

import (
	"context"
	"time"

	"github.com/riverqueue/river"

	"govmedia/postgres"
	"govmedia/registry"
)

// closeDueArgs closes the accounts whose closing notice has ended; the
// leading replica runs it every hour.
type closeDueArgs struct{}

// Kind names the job.
func (closeDueArgs) Kind() string { return "registry.close_due" }

func addMaintenance(q *postgres.Queue, reg *registry.Registry) {
	river.AddWorker(q.Workers, river.WorkFunc(func(ctx context.Context, _ *river.Job[closeDueArgs]) error {
		_, err := reg.CloseDue(ctx)
		return err
	}))
	q.Every(time.Hour, func() river.JobArgs { return closeDueArgs{} })
}
