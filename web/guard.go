package web

import (
	"net/netip"
	"time"
)

// Guard is how the public endpoints are kept from one client's excess:
// each client has an allowance of requests per route kind, refused with
// 429 and Retry-After when spent.
type Guard struct {
	Public    ClientLimit // the directory's pages, JSON and CSV, and /readyz
	Callbacks ClientLimit // the WeChat callback (see HandleCallback)
	// TrustedProxies are the proxies in front of the service: only a
	// request from one of them has its X-Forwarded-For believed.
	TrustedProxies []netip.Prefix
	MaxClients     int           // clients remembered at once, per route kind; past it, new ones share one allowance
	IdleAfter      time.Duration // a client idle this long is forgotten (its allowance is whole again by then)
	Now            func() time.Time
}

// ClientLimit is a sustained rate of requests a second with a burst above
// it; the zero ClientLimit puts no limit.
type ClientLimit struct {
	PerSecond float64
	Burst     int
}

// DefaultGuard is generous for people and their scripts: a citizen reads
// a page a second at most, and a whole office behind one address (mobile
// networks put many people behind one) stays under 20 a second; WeChat's
// few push servers carry every account's followers, so its callbacks get
// ten times that. The Telegram webhook has none: Telegram sends from a few
// addresses, and its secret token is checked first.
func DefaultGuard() Guard {
	return Guard{
		Public:     ClientLimit{PerSecond: 20, Burst: 100},
		Callbacks:  ClientLimit{PerSecond: 200, Burst: 1000},
		MaxClients: 50_000,
		IdleAfter:  5 * time.Minute,
		Now:        time.Now,
	}
}

// SetGuard replaces the guard of the public endpoints; call it before
// serving.
func (s *Server) SetGuard(g Guard) {
	def := DefaultGuard()
	if g.MaxClients <= 0 {
		g.MaxClients = def.MaxClients
	}
	if g.IdleAfter <= 0 {
		g.IdleAfter = def.IdleAfter
	}
	if g.Now == nil {
		g.Now = def.Now
	}
	s.proxies = g.TrustedProxies
	s.public = newClients(g.Public, g)
	s.callbacks = newClients(g.Callbacks, g)
}
