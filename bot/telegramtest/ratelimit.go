package telegramtest

import (
	"maps"
	"slices"
	"sort"
	"time"
)

// Violation is one send that broke a rate limit.
type Violation struct {
	Limit   string    `json:"limit"` // "chat", "group" or "global"
	ChatID  int64     `json:"chat_id"`
	Method  string    `json:"method"`
	At      time.Time `json:"at"`
	Refused bool      `json:"refused"` // answered 429 (EnforceRateLimits)
}

// Stats are the server's counters.
type Stats struct {
	Calls      map[string]int `json:"calls"` // calls per method
	Sends      map[int64]int  `json:"sends"` // messages the bot sent per chat
	Violations []Violation    `json:"violations"`
}

// limiter remembers recent sends to judge them against the Limits.
type limiter struct {
	perChat    map[int64][]time.Time
	global     []time.Time
	sends      map[int64]int
	violations []Violation
}

// newLimiter returns an empty limiter.
func newLimiter() limiter {
	return limiter{perChat: map[int64][]time.Time{}, sends: map[int64]int{}}
}

// admitSend judges a send into c against the limits: a violation is
// recorded, and refused with 429 when limits are enforced. Call with s.mu
// held.
func (s *Server) admitSend(method string, c *chatState) error {
	now, lims, l := s.now(), s.opts.Limits, &s.limiter
	recent := l.perChat[c.info.ID]
	var broken []string
	retry := 0
	judge := func(name string, lim Limit, times []time.Time) {
		if wait, over := overLimit(lim, times, now); over {
			broken = append(broken, name)
			retry = max(retry, wait)
		}
	}
	judge("chat", lims.PerChat, recent)
	if c.isGroup() {
		judge("group", lims.Group, recent)
	}
	judge("global", lims.Global, l.global)
	for _, name := range broken {
		l.violations = append(l.violations, Violation{Limit: name, ChatID: c.info.ID, Method: method, At: now, Refused: s.opts.EnforceRateLimits})
	}
	if len(broken) > 0 && s.opts.EnforceRateLimits {
		return tooManyRequests(retry)
	}
	keep := max(lims.PerChat.Per, lims.Group.Per)
	l.perChat[c.info.ID] = append(since(recent, now.Add(-keep)), now)
	l.global = append(since(l.global, now.Add(-lims.Global.Per)), now)
	l.sends[c.info.ID]++
	return nil
}

// overLimit reports whether one more send at now exceeds lim, and how many
// whole seconds until it would not.
func overLimit(lim Limit, times []time.Time, now time.Time) (int, bool) {
	if lim.Count <= 0 {
		return 0, false
	}
	in := since(times, now.Add(-lim.Per))
	if len(in) < lim.Count {
		return 0, false
	}
	wait := in[len(in)-lim.Count].Add(lim.Per).Sub(now)
	return max(1, int((wait+time.Second-1)/time.Second)), true
}

// since returns the times after t; times are in order.
func since(times []time.Time, t time.Time) []time.Time {
	i := sort.Search(len(times), func(i int) bool { return times[i].After(t) })
	return times[i:]
}

// Stats returns a copy of the counters.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	calls := maps.Clone(s.log.perCall)
	if calls == nil {
		calls = map[string]int{}
	}
	return Stats{Calls: calls, Sends: maps.Clone(s.limiter.sends), Violations: slices.Clone(s.limiter.violations)}
}

// Violations returns the recorded rate-limit violations.
func (s *Server) Violations() []Violation {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.limiter.violations)
}
