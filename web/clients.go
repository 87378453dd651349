package web

import (
	"math"
	"net/netip"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// clients are the allowances of the clients seen lately. Memory is
// bounded: idle clients are forgotten, and past max the new ones share one
// allowance.
type clients struct {
	mu       sync.Mutex
	limit    rate.Limit
	burst    int
	max      int
	idle     time.Duration
	now      func() time.Time
	seen     map[netip.Addr]*client
	overflow *rate.Limiter
	swept    time.Time
}

type client struct {
	lim  *rate.Limiter
	last time.Time
}

func newClients(l ClientLimit, g Guard) *clients {
	c := &clients{limit: rate.Limit(l.PerSecond), burst: max(l.Burst, 1), max: g.MaxClients, idle: g.IdleAfter, now: g.Now,
		seen: map[netip.Addr]*client{}}
	if l.PerSecond <= 0 {
		c.limit = rate.Inf
	}
	c.overflow = rate.NewLimiter(c.limit, c.burst)
	c.swept = c.now()
	return c
}

// take spends one request of addr's allowance; when none is left, it says
// how long until there is one again.
func (c *clients) take(addr netip.Addr) (bool, time.Duration) {
	if c.limit == rate.Inf {
		return true, 0
	}
	now := c.now()
	c.mu.Lock()
	defer c.mu.Unlock()
	r := c.limiter(addr, now).ReserveN(now, 1)
	if !r.OK() {
		return false, time.Second
	}
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d
	}
	return true, 0
}

func (c *clients) limiter(addr netip.Addr, now time.Time) *rate.Limiter {
	if cl, ok := c.seen[addr]; ok {
		cl.last = now
		return cl.lim
	}
	full := len(c.seen) >= c.max
	// Why at most once a second when full: a flood of new addresses must
	// not make every request walk the whole map.
	if now.Sub(c.swept) >= c.idle || (full && now.Sub(c.swept) >= time.Second) {
		c.sweep(now)
		full = len(c.seen) >= c.max
	}
	if full {
		return c.overflow
	}
	cl := &client{lim: rate.NewLimiter(c.limit, c.burst), last: now}
	c.seen[addr] = cl
	return cl.lim
}

// sweep forgets the clients idle for c.idle.
func (c *clients) sweep(now time.Time) {
	for addr, cl := range c.seen {
		if now.Sub(cl.last) >= c.idle {
			delete(c.seen, addr)
		}
	}
	c.swept = now
}

// remembered counts the clients held.
func (c *clients) remembered() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.seen)
}

// retryAfter renders a wait as Retry-After's whole seconds, rounded up.
func retryAfter(d time.Duration) int {
	return int(math.Ceil(d.Seconds()))
}
