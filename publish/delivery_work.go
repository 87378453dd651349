package publish

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"govmedia"
	"govmedia/wechat"
)

func (p *Publisher) registerWorkers() {
	river.AddWorker(p.queue.Workers, river.WorkFunc(func(ctx context.Context, j *river.Job[deliveryArgs]) error {
		return p.work(ctx, j.Args.DeliveryID)
	}))
}

// work takes one delivery as far as it can go now. It returns nil when the
// delivery is over, a snooze when it must wait (a result, a quota), and an
// error for the queue to retry with backoff.
func (p *Publisher) work(ctx context.Context, id int64) error {
	d := new(Delivery)
	// The account's sealed credentials come in the same query: a delivery
	// is most often the first call of this process for its account.
	err := p.db.NewSelect().Model(d).Relation("Account").Relation("Account.Credentials").Where("delivery.id = ?", id).Scan(ctx)
	if err != nil {
		return err
	}
	if d.State.Final() {
		return nil
	}
	ap, err := p.approvedOne(ctx, d.PublicationID)
	if err != nil {
		return err
	}
	if !reaches(ap.pub, d.Account.State) {
		return p.finish(ctx, d, Skipped, 0, govmedia.Print(govmedia.Chinese, "delivery.account_inactive"))
	}
	d.Attempts++
	d.State = Working
	return p.outcome(ctx, d, p.steps(ctx, d, ap))
}

// outcome turns the error a step ended with into what the queue should do.
func (p *Publisher) outcome(ctx context.Context, d *Delivery, err error) error {
	var wait *waitError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &wait):
		return river.JobSnooze(wait.d)
	case errors.Is(err, errAwaitEvent):
		return nil
	case errors.Is(err, errInactive):
		return p.finish(ctx, d, Skipped, 0, govmedia.Print(govmedia.Chinese, "delivery.account_inactive"))
	}
	switch wechat.Classify(err) {
	case wechat.ClassPermanent:
		return p.finish(ctx, d, Failed, wechat.ErrCode(err), err.Error())
	case wechat.ClassRate:
		p.note(ctx, d, err)
		return river.JobSnooze(rateWait(err, p.now()))
	}
	p.note(ctx, d, err)
	return err
}

// note records the last error of a delivery that will be retried.
func (p *Publisher) note(ctx context.Context, d *Delivery, err error) {
	d.ErrorCode, d.Error = wechat.ErrCode(err), err.Error()
	if serr := p.save(ctx, d); serr != nil {
		p.log.Warn("recording a delivery error", "delivery", d.ID, "err", serr)
	}
}

// finish ends a delivery and tells whoever follows the publication.
func (p *Publisher) finish(ctx context.Context, d *Delivery, state DeliveryState, code int64, reason string) error {
	d.State, d.ErrorCode, d.Error, d.FinishedAt = state, code, reason, p.now()
	if err := p.save(ctx, d); err != nil {
		return err
	}
	return p.delivered(ctx, d.PublicationID)
}

// errAwaitEvent ends a run whose delivery now waits for WeChat to say how
// it ended: the callback's finish event, or failing that the sweeper.
var errAwaitEvent = errors.New("waiting for WeChat's finish event")

// waitError asks the queue to come back later without counting an attempt.
type waitError struct{ d time.Duration }

func (w *waitError) Error() string { return fmt.Sprintf("waiting %v", w.d) }

func waitFor(d time.Duration) error { return &waitError{d: max(d, time.Second)} }

// rateWait is how long a rate or quota refusal asks to wait: until
// tomorrow (China time) for the daily API quota, a minute otherwise.
func rateWait(err error, now time.Time) time.Duration {
	if wechat.ErrCode(err) == 45009 {
		t := now.In(govmedia.ChinaTime)
		return time.Date(t.Year(), t.Month(), t.Day()+1, 0, 5, 0, 0, govmedia.ChinaTime).Sub(now)
	}
	return time.Minute
}

func isWait(err error) bool {
	var w *waitError
	return errors.As(err, &w)
}
