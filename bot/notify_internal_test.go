package bot

import (
	"context"

	"github.com/riverqueue/river"
)

// NotifyJob is the job that sends text to a chat, as the bot queues it for
// a notification; the tests of package bot_test queue it directly.
func NotifyJob(chat int64, text string) river.JobArgs {
	return notifyArgs{ChatID: chat, Text: text}
}

// RemindOverdue runs the periodic reminder job's work now.
func (b *Bot) RemindOverdue(ctx context.Context) error { return b.remindOverdue(ctx) }
