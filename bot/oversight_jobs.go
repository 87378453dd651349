package bot

import (
	"context"

	"github.com/go-telegram/bot/models"
	"github.com/riverqueue/river"
)

// noticeArgs sends one message to a chat, with at most one button under
// it (its label and data, ids only).
type noticeArgs struct {
	ChatID int64  `json:"chat_id"`
	Text   string `json:"text"`
	Label  string `json:"label,omitempty"`
	Data   string `json:"data,omitempty"`
}

// Kind names the job.
func (noticeArgs) Kind() string { return "bot.notice" }

// registerOversightJobs adds the workers that tell people of the city
// office's supervision, and listens to it.
func (b *Bot) registerOversightJobs() {
	river.AddWorker(b.queue.Workers, river.WorkFunc(func(ctx context.Context, j *river.Job[noticeArgs]) error {
		var markup models.ReplyMarkup
		if j.Args.Data != "" {
			markup = inline([][]models.InlineKeyboardButton{{button(j.Args.Label, j.Args.Data)}})
		}
		_, err := b.sendCtx(withHold(ctx, jobHold), j.Args.ChatID, j.Args.Text, markup)
		return b.jobError(err)
	}))
	if b.over != nil {
		b.over.Listen(b.onOversightEvent)
	}
}
