package bot

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	tgbot "github.com/go-telegram/bot"

	"govmedia"
)

// pollTimeout is how long a long poll waits for updates.
const pollTimeout = 30 * time.Second

// link is the bot's standing with the Bot API.
type link struct {
	receiving atomic.Bool // connected, and updates are being taken

	mu        sync.Mutex
	connected bool
	as        string    // the bot's username, once connected
	downSince time.Time // the first failure since the last success
	lastErr   string    // the last failure, the token redacted
}

// Status tells whether the bot reaches the Bot API, in the words /readyz
// shows: "connected as @name", "connecting", or "unreachable since …".
func (b *Bot) Status() (ok bool, detail string) {
	l := &b.link
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case l.connected:
		return true, "connected as @" + l.as
	case l.downSince.IsZero():
		return false, "connecting"
	}
	return false, "unreachable since " + govmedia.FormatTime(l.downSince) + ": " + l.lastErr
}

// connect waits until the Bot API answers who the bot is and has taken
// the webhook (or, for long polling, dropped any), trying again with a
// backoff of one second doubling to a minute, each failure logged. It
// reports false when ctx ended first.
func (b *Bot) connect(ctx context.Context) bool {
	wait := time.Second
	for {
		err := b.hello(ctx)
		if ctx.Err() != nil {
			return false
		}
		if err == nil {
			return true
		}
		msg := redact(err.Error(), b.opts.Token)
		b.link.mu.Lock()
		if b.link.downSince.IsZero() {
			b.link.downSince = b.now()
		}
		b.link.lastErr = msg
		b.link.mu.Unlock()
		b.log.Warn("telegram unreachable; the bot starts once it answers", "retry_in", wait, "err", msg)
		select {
		case <-ctx.Done():
			return false
		case <-time.After(wait):
		}
		wait = min(2*wait, time.Minute)
	}
}

// hello asks the Bot API who the bot is, and sets or drops the webhook.
func (b *Bot) hello(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	me, err := b.api.GetMe(ctx)
	if err != nil {
		return err
	}
	if b.opts.WebhookURL != "" {
		if _, err := b.api.SetWebhook(ctx, &tgbot.SetWebhookParams{URL: b.opts.WebhookURL, SecretToken: b.secret,
			AllowedUpdates: []string{"message", "callback_query", "my_chat_member"}}); err != nil {
			return err
		}
	} else if _, err := b.api.DeleteWebhook(ctx, &tgbot.DeleteWebhookParams{}); err != nil {
		b.log.Warn("deleteWebhook", "err", redact(err.Error(), b.opts.Token))
	}
	b.username = me.Username
	b.link.mu.Lock()
	b.link.connected, b.link.as, b.link.downSince, b.link.lastErr = true, me.Username, time.Time{}, ""
	b.link.mu.Unlock()
	b.log.Info("telegram connected", "bot", me.Username)
	return nil
}
