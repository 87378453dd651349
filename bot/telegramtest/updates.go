package telegramtest

import (
	"context"
	"slices"
	"time"
)

// updateQueue holds the updates not yet confirmed by the bot.
type updateQueue struct {
	pending []update
	lastID  int
	allowed []string // the bot's allowed_updates; empty is the default set
	poller  *poller  // the getUpdates request now waiting, if any
}

// poller is a waiting getUpdates request; closing stop ends it with 409.
type poller struct{ stop chan struct{} }

// offByDefault are the update types a bot receives only when it asks.
var offByDefault = []string{"chat_member", "message_reaction", "message_reaction_count"}

// enqueueLocked numbers an update and queues it, unless allowed_updates
// excludes its type. Call with s.mu held.
func (s *Server) enqueueLocked(u update) {
	q := &s.updates
	if len(q.allowed) == 0 && slices.Contains(offByDefault, u.kind()) ||
		len(q.allowed) > 0 && !slices.Contains(q.allowed, u.kind()) {
		return
	}
	q.lastID++
	u.UpdateID = q.lastID
	q.pending = append(q.pending, u)
	s.changedLocked()
}

// confirm forgets updates as an offset asks: a positive offset confirms
// every update before it, a negative one keeps only the last -offset.
func (q *updateQueue) confirm(offset int64) {
	switch {
	case offset > 0:
		i := 0
		for i < len(q.pending) && int64(q.pending[i].UpdateID) < offset {
			i++
		}
		q.pending = q.pending[i:]
	case offset < 0 && int64(len(q.pending)) > -offset:
		q.pending = q.pending[len(q.pending)-int(-offset):]
	}
}

// getUpdates implements getUpdates with long polling: it answers as soon
// as an update is queued, at the timeout, or with 409 when another
// getUpdates request takes over.
func (s *Server) getUpdates(ctx context.Context, p *params) (any, error) {
	offset, err := p.int64("offset")
	if err != nil {
		return nil, err
	}
	limit, err := p.int("limit")
	if err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 100 {
		limit = 100
	}
	timeout, err := p.int("timeout")
	if err != nil {
		return nil, err
	}
	allowed, set, err := p.strings("allowed_updates")
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.hook.url != "" {
		return nil, conflict("can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first")
	}
	if set {
		s.updates.allowed = allowed
	}
	s.updates.confirm(offset)
	return s.pollLocked(ctx, limit, time.Duration(max(timeout, 0))*time.Second)
}

// pollLocked waits, releasing s.mu meanwhile, until updates are pending.
// Call with s.mu held.
func (s *Server) pollLocked(ctx context.Context, limit int, timeout time.Duration) (any, error) {
	me := &poller{stop: make(chan struct{})}
	if old := s.updates.poller; old != nil {
		close(old.stop)
	}
	s.updates.poller = me
	defer func() {
		if s.updates.poller == me {
			s.updates.poller = nil
		}
	}()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for {
		if s.hook.url != "" {
			return []update{}, nil
		}
		if n := min(limit, len(s.updates.pending)); n > 0 || timeout == 0 {
			return append([]update{}, s.updates.pending[:n]...), nil
		}
		changed := s.changed
		s.mu.Unlock()
		select {
		case <-changed:
		case <-me.stop:
			s.mu.Lock()
			return nil, conflict("terminated by other getUpdates request; make sure that only one bot instance is running")
		case <-timer.C:
			timeout = 0
		case <-ctx.Done():
			timeout = 0
		case <-s.ctx.Done():
			timeout = 0
		}
		s.mu.Lock()
	}
}

// Polling reports whether a getUpdates long poll is waiting now.
func (s *Server) Polling() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.updates.poller != nil
}
