package wechattest

import (
	"net/http"
	"time"
)

// Options configures a stand-in. Zero fields take the documented WeChat
// values (or, for delays, values short enough for a sandbox).
type Options struct {
	// Now is the stand-in's clock for token expiry, quotas and timestamps.
	// Default time.Now. Delays (PublishDelay…) run on real time.
	Now func() time.Time
	// Latency is added to every API call (e.g. 50 ms for benchmarks).
	Latency time.Duration

	// TokenTTL is an access_token's life. Default 7200 s.
	TokenTTL time.Duration
	// TokenGrace is how long a replaced token (a newer /cgi-bin/token call,
	// or stable_token with force_refresh) stays valid. Default 5 minutes;
	// negative means the old token dies at once.
	TokenGrace time.Duration
	// TokenDailyQuota caps /cgi-bin/token calls per account per day
	// (Beijing time). Default 2000.
	TokenDailyQuota int
	// StableTokenDailyQuota caps /cgi-bin/stable_token calls per account per
	// day. Default 500,000.
	StableTokenDailyQuota int

	// PublishDelay is how long a freepublish job stays "publishing" before it
	// finishes and PUBLISHJOBFINISH is pushed. Default 1 s.
	PublishDelay time.Duration
	// MassSendDelay is how long a mass send runs before MASSSENDJOBFINISH is
	// pushed. Default 1 s.
	MassSendDelay time.Duration

	// CallbackTimeout is how long a push waits for the account's server
	// before trying again. Default 5 s, as WeChat.
	CallbackTimeout time.Duration
	// CallbackTries is how many times a push is tried in all. Default 3.
	CallbackTries int
	// CallbackClient posts to callback URLs. Default a client that keeps
	// its connections to a callback host open between pushes, as a busy
	// sender does; the timeout comes from CallbackTimeout.
	CallbackClient *http.Client

	// Limits caps uploads; zero fields take the documented sizes.
	Limits Limits
}

// Limits are upload size caps in bytes, per media type.
type Limits struct {
	Image     int64 // image material or media: 10 MB
	Voice     int64 // voice: 2 MB
	Video     int64 // video: 10 MB
	Thumb     int64 // thumb: 64 KB
	BodyImage int64 // media/uploadimg, images in article bodies: 1 MB
}

func (o Options) withDefaults() Options {
	if o.Now == nil {
		o.Now = time.Now
	}
	o.TokenTTL = orDuration(o.TokenTTL, 7200*time.Second)
	o.TokenGrace = orDuration(o.TokenGrace, 5*time.Minute)
	if o.TokenGrace < 0 {
		o.TokenGrace = 0
	}
	o.TokenDailyQuota = orInt(o.TokenDailyQuota, 2000)
	o.StableTokenDailyQuota = orInt(o.StableTokenDailyQuota, 500000)
	o.PublishDelay = orDuration(o.PublishDelay, time.Second)
	o.MassSendDelay = orDuration(o.MassSendDelay, time.Second)
	o.CallbackTimeout = orDuration(o.CallbackTimeout, 5*time.Second)
	o.CallbackTries = orInt(o.CallbackTries, 3)
	if o.CallbackClient == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.MaxIdleConnsPerHost = 64 // the default 2 would open a connection per push under load
		o.CallbackClient = &http.Client{Transport: t}
	}
	o.Limits = o.Limits.withDefaults()
	return o
}

func (l Limits) withDefaults() Limits {
	l.Image = orInt64(l.Image, 10<<20)
	l.Voice = orInt64(l.Voice, 2<<20)
	l.Video = orInt64(l.Video, 10<<20)
	l.Thumb = orInt64(l.Thumb, 64<<10)
	l.BodyImage = orInt64(l.BodyImage, 1<<20)
	return l
}

func orDuration(v, def time.Duration) time.Duration {
	if v == 0 {
		return def
	}
	return v
}

func orInt(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

func orInt64(v, def int64) int64 {
	if v == 0 {
		return def
	}
	return v
}
