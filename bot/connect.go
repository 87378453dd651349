package bot

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	tgbot "github.com/go-telegram/bot"

	"govmedia"
)

// pollTimeout is how long a long poll waits for updates.
const pollTimeout = 30 * time.Second

// link is the bot's standing with the Bot API: every exchange of its
// client tells whether Telegram answers (see watch).
type link struct {
	receiving atomic.Bool // connected, and updates are being taken

	mu        sync.Mutex
	as        string    // the bot's username, once getMe answered
	downSince time.Time // the first failure since the last answer; zero while answering
	lastErr   string    // that failure, the token redacted
}

// Status tells whether the bot reaches the Bot API, in the words /readyz
// shows: "connected as @name", "connecting", or "unreachable since …".
func (b *Bot) Status() (ok bool, detail string) {
	l := &b.link
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case !l.downSince.IsZero():
		return false, "unreachable since " + govmedia.FormatTime(l.downSince) + ": " + l.lastErr
	case l.as == "":
		return false, "connecting"
	}
	return true, "connected as @" + l.as
}

func (l *link) answered() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.downSince, l.lastErr = time.Time{}, ""
}

func (l *link) failed(at time.Time, msg string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.downSince.IsZero() {
		l.downSince = at
	}
	l.lastErr = msg
}

// watch returns client with a transport that tells the link how each
// exchange went: an answer of any status is Telegram answering; a failure
// to get one (no connection, a timeout) is not, unless the call was
// cancelled by its caller.
func (b *Bot) watch(client *http.Client) *http.Client {
	c := *client
	base := c.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	c.Transport = roundTripper(func(r *http.Request) (*http.Response, error) {
		resp, err := base.RoundTrip(r)
		switch {
		case err == nil:
			b.link.answered()
		case r.Context().Err() == nil:
			b.link.failed(b.now(), redact(err.Error(), b.opts.Token))
		}
		return resp, err
	})
	return &c
}

// roundTripper is a function as an http.RoundTripper.
type roundTripper func(*http.Request) (*http.Response, error)

// RoundTrip runs the function.
func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

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
		b.link.failed(b.now(), msg)
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
	b.link.as = me.Username
	b.link.mu.Unlock()
	b.log.Info("telegram connected", "bot", me.Username)
	return nil
}
