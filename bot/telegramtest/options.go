package telegramtest

import (
	"strconv"
	"strings"
	"time"
)

// Options configures a Server. The zero value is usable.
type Options struct {
	// Token is the bot token the server accepts; the digits before the
	// colon are the bot's user id. Default "123456789:TEST-TOKEN".
	Token string
	// BotName and BotUsername describe the bot in getMe and in the "from"
	// of its messages. Defaults "Test Bot" and "test_bot".
	BotName     string
	BotUsername string
	// ReadAllGroupMessages turns the bot's group privacy mode off. With
	// privacy mode on (Telegram's default) a bot that is not an
	// administrator receives from groups only commands, replies to its own
	// messages and service messages.
	ReadAllGroupMessages bool

	// EnforceRateLimits answers sends over a limit with 429 "Too Many
	// Requests: retry after N". When false, violations are only counted
	// (see Stats) and the send goes through.
	EnforceRateLimits bool
	// Limits overrides Telegram's limits; nil means DefaultLimits.
	Limits *Limits

	// WebhookRetryMin and WebhookRetryMax bound the backoff between
	// attempts to deliver an update to a failing webhook. Defaults 50 ms
	// and 2 s: far shorter than Telegram's, to keep tests fast.
	WebhookRetryMin time.Duration
	WebhookRetryMax time.Duration
	// WebhookTimeout limits one webhook request. Default 10 s.
	WebhookTimeout time.Duration
	// RequireHTTPSWebhook refuses plain http:// webhook URLs, as Telegram
	// does. Off by default so that tests can use httptest servers.
	RequireHTTPSWebhook bool

	// CallbackAnswerWindow is how long a callback query can be answered.
	// Default 30 s.
	CallbackAnswerWindow time.Duration
	// RefuseBareAmpersand makes parse_mode=HTML refuse a "&" that starts no
	// entity. Telegram itself keeps such a "&" as text; turn this on to
	// catch a bot that forgets to escape what it sends.
	RefuseBareAmpersand bool
	// CallLogLimit keeps only the most recent calls in the log; 0 keeps
	// every call.
	CallLogLimit int

	// Now is the clock for dates and rate limits; default time.Now.
	Now func() time.Time
}

// withDefaults fills the unset options.
func (o Options) withDefaults() Options {
	if o.Token == "" {
		o.Token = "123456789:TEST-TOKEN"
	}
	if o.BotName == "" {
		o.BotName = "Test Bot"
	}
	if o.BotUsername == "" {
		o.BotUsername = "test_bot"
	}
	if o.Limits == nil {
		l := DefaultLimits()
		o.Limits = &l
	}
	o.WebhookRetryMin = orDuration(o.WebhookRetryMin, 50*time.Millisecond)
	o.WebhookRetryMax = orDuration(o.WebhookRetryMax, 2*time.Second)
	o.WebhookTimeout = orDuration(o.WebhookTimeout, 10*time.Second)
	o.CallbackAnswerWindow = orDuration(o.CallbackAnswerWindow, 30*time.Second)
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// botID reads the bot's user id from the token.
func (o Options) botID() int64 {
	id, err := strconv.ParseInt(strings.SplitN(o.Token, ":", 2)[0], 10, 64)
	if err != nil || id <= 0 {
		return 123456789
	}
	return id
}

// orDuration returns d, or def when d is not positive.
func orDuration(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// Limit allows Count sends per Per; a zero Count disables the limit.
type Limit struct {
	Count int           `json:"count"`
	Per   time.Duration `json:"per"`
}

// Limits are the sending limits Telegram applies to a bot.
type Limits struct {
	PerChat Limit `json:"per_chat"` // into any one chat
	Group   Limit `json:"group"`    // into one group, on top of PerChat
	Global  Limit `json:"global"`   // over all chats
}

// DefaultLimits are the limits of the Bot FAQ: about one message per second
// in a chat, 20 messages per minute in a group, 30 messages per second
// overall.
func DefaultLimits() Limits {
	return Limits{
		PerChat: Limit{Count: 1, Per: time.Second},
		Group:   Limit{Count: 20, Per: time.Minute},
		Global:  Limit{Count: 30, Per: time.Second},
	}
}
