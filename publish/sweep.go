package publish

import (
	"context"
	"time"

	"github.com/riverqueue/river"
)

// sweepArgs looks for deliveries whose finish event never came (periodic).
type sweepArgs struct{}

// Kind names the job.
func (sweepArgs) Kind() string { return "publish.sweep" }

func (p *Publisher) registerSweep() {
	river.AddWorker(p.queue.Workers, river.WorkFunc(func(ctx context.Context, _ *river.Job[sweepArgs]) error {
		return p.sweep(ctx)
	}))
	p.queue.Every(p.tuning.SweepEvery, func() river.JobArgs { return sweepArgs{} })
}

// sweep queues a check of every delivery that has waited on WeChat longer
// than a sweep: its event was lost, or WeChat is slow; the check polls.
func (p *Publisher) sweep(ctx context.Context) error {
	var ids []int64
	err := p.db.NewSelect().Model((*Delivery)(nil)).Column("id").
		Where("state = ? AND updated_at < ?", Waiting, p.now().Add(-p.tuning.SweepEvery)).Limit(10_000).Scan(ctx, &ids)
	if err != nil {
		return err
	}
	check := time.Now().Unix()
	for _, id := range ids {
		if _, err := p.queue.Insert(ctx, deliveryArgs{DeliveryID: id, Check: check}, nil); err != nil {
			return err
		}
	}
	return nil
}
