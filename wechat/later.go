package wechat

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"
)

// replyAttempts is how often a slow handler is tried: its follower waits.
const replyAttempts = 3

// replyArgs is the job of a slow handler: run it on a message, and send
// its reply as a customer-service message. It holds the message, the
// follower's openid and text included, until the queue drops finished jobs.
type replyArgs struct {
	AppID   string  `json:"app_id"`
	Message Message `json:"message"`
}

// Kind names the job.
func (replyArgs) Kind() string { return "wechat.reply" }

func (c *Callback) registerJobs() {
	river.AddWorker(c.queue.Workers, river.WorkFunc(func(ctx context.Context, j *river.Job[replyArgs]) error {
		return c.replyLater(ctx, j.Args)
	}))
	river.AddWorker(c.queue.Workers, river.WorkFunc(func(ctx context.Context, _ *river.Job[forgetSeenArgs]) error {
		return c.forgetSeen(ctx)
	}))
	c.queue.Every(time.Hour, func() river.JobArgs { return forgetSeenArgs{} })
}

// replyLater runs a slow handler and sends its reply. A reply WeChat
// refuses (see SendCustom) is told to the handler's Undelivered and not
// tried again; other failures are.
func (c *Callback) replyLater(ctx context.Context, a replyArgs) error {
	m := a.Message
	h, ok := c.handler(m.Kind())
	if !ok || !h.Slow {
		return river.JobCancel(fmt.Errorf("no slow handler for %q", m.Kind()))
	}
	t, err := c.clients.target(ctx, a.AppID)
	if errors.Is(err, errUnknownAppID) { // closed or suspended meanwhile
		return river.JobCancel(err)
	}
	if err != nil {
		return err
	}
	reply, err := h.Answer(ctx, t.account, &m)
	if err != nil || reply.IsZero() {
		return err
	}
	err = c.clients.client(t.creds).SendCustom(ctx, m.FromUserName, reply)
	switch {
	case err == nil:
		c.metrics.custom.WithLabelValues(outcomeSent).Inc()
		return nil
	case IsRefusal(err):
		c.metrics.custom.WithLabelValues(outcomeUndeliver).Inc()
		if h.Undelivered != nil {
			h.Undelivered(ctx, t.account, &m, err)
		}
		return river.JobCancel(err)
	}
	c.metrics.custom.WithLabelValues(outcomeSendError).Inc()
	return err
}
