package bot

import (
	"context"
	"errors"
	"time"

	"github.com/riverqueue/river"
)

// notifyArgs sends one message to a chat.
type notifyArgs struct {
	ChatID int64  `json:"chat_id"`
	Text   string `json:"text"`
}

// Kind names the job.
func (notifyArgs) Kind() string { return "bot.notify" }

// cardArgs posts the card of a pending step.
type cardArgs struct {
	ApplicationID int64 `json:"application_id"`
	StepID        int64 `json:"step_id"`
}

// Kind names the job.
func (cardArgs) Kind() string { return "bot.card" }

// InsertOpts makes one card job per step.
func (cardArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// refreshArgs redraws the cards of an application.
type refreshArgs struct {
	ApplicationID int64 `json:"application_id"`
}

// Kind names the job.
func (refreshArgs) Kind() string { return "bot.refresh" }

// remindArgs looks for overdue steps (periodic).
type remindArgs struct{}

// Kind names the job.
func (remindArgs) Kind() string { return "bot.remind" }

// jobHold is how long a job sending a message may keep its worker waiting
// for its chat's next slot; a chat busy for longer snoozes the job (see
// withHold). It is under the second a chat waits between two messages, so
// that the queue's workers are not all held in line behind a few chats.
const jobHold = 500 * time.Millisecond

func (b *Bot) registerJobs() {
	river.AddWorker(b.queue.Workers, river.WorkFunc(func(ctx context.Context, j *river.Job[notifyArgs]) error {
		_, err := b.sendCtx(withHold(ctx, jobHold), j.Args.ChatID, j.Args.Text, nil)
		return b.jobError(err)
	}))
	river.AddWorker(b.queue.Workers, river.WorkFunc(func(ctx context.Context, j *river.Job[cardArgs]) error {
		return b.jobError(b.postCard(withHold(ctx, jobHold), j.Args.ApplicationID, j.Args.StepID))
	}))
	river.AddWorker(b.queue.Workers, river.WorkFunc(func(ctx context.Context, j *river.Job[refreshArgs]) error {
		return b.jobError(b.refreshApplicationCards(ctx, j.Args.ApplicationID))
	}))
	river.AddWorker(b.queue.Workers, river.WorkFunc(func(ctx context.Context, j *river.Job[remindArgs]) error {
		return b.jobError(b.remindOverdue(ctx))
	}))
	b.queue.Every(10*time.Minute, func() river.JobArgs { return remindArgs{} })
}

// jobError turns a Telegram failure into what the queue should do: come
// back when the limits let a busy chat have its message, wait as long as
// Telegram asks after a 429, give up on a chat that is gone (the user
// blocked the bot, the group was deleted), retry anything else.
func (b *Bot) jobError(err error) error {
	if err == nil {
		return nil
	}
	var later *sendLater
	if errors.As(err, &later) {
		return river.JobSnooze(later.wait)
	}
	if wait, ok := RetryAfter(err); ok {
		return river.JobSnooze(wait)
	}
	if unreachable(err) {
		b.log.Warn("chat unreachable; message dropped", "err", redact(err.Error(), b.opts.Token))
		return river.JobCancel(err)
	}
	if permanent(err) {
		// Telegram refused the message itself: sending it again would be
		// refused again. A bug of ours; logged loudly, never retried.
		b.log.Error("telegram refused a queued message; not retried", "err", redact(err.Error(), b.opts.Token))
		return river.JobCancel(errors.New(redact(err.Error(), b.opts.Token)))
	}
	return errors.New(redact(err.Error(), b.opts.Token))
}
