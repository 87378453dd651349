package wechat

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"
)

// replyAttempts is how often a slow handler is tried: its follower waits.
const replyAttempts = 3

// replyArgs is the job of a slow handler: run it on a message, and send
// its reply as a customer-service message. The message (the follower's
// openid and text) is sealed: the queue keeps finished jobs for a while,
// and nothing of a citizen's lies plain at rest.
type replyArgs struct {
	AppID  string `json:"app_id"`
	Sealed []byte `json:"sealed"`
}

// sealPurpose binds a sealed message to this use of the key.
const sealPurpose = "wechat.reply.message"

// sealMessage is the job of m's slow reply. Errors: without a secret key
// nothing can be sealed, and nothing is queued.
func (c *Callback) sealMessage(acc Account, m *Message) (replyArgs, error) {
	if c.clients.box == nil {
		return replyArgs{}, errors.New("wechat: no secret key to seal a slow reply's message with")
	}
	plain, err := json.Marshal(m)
	if err != nil {
		return replyArgs{}, err
	}
	return replyArgs{AppID: acc.AppID, Sealed: c.clients.box.Seal(sealPurpose, plain)}, nil
}

// message opens the job's message.
func (c *Callback) message(a replyArgs) (Message, error) {
	var m Message
	if c.clients.box == nil {
		return m, errors.New("wechat: no secret key to open a slow reply's message with")
	}
	plain, err := c.clients.box.Open(sealPurpose, a.Sealed)
	if err == nil {
		err = json.Unmarshal(plain, &m)
	}
	return m, err
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
	m, err := c.message(a)
	if err != nil { // sealed under a key retired since: the reply cannot be made
		return river.JobCancel(err)
	}
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
