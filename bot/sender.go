package bot

import (
	"context"
	"errors"
	"sort"
	"sync"
	"time"

	tgbot "github.com/go-telegram/bot"
)

// Limits are Telegram's sending limits, with a little margin.
type Limits struct {
	PerChat     time.Duration // between two messages to one chat
	GroupWindow time.Duration // a group gets at most GroupCount messages in this window
	GroupCount  int
	Overall     int // messages per second across all chats
}

// TelegramLimits are the limits Telegram documents: about one message a
// second to a chat, 20 a minute to a group, 30 a second overall.
var TelegramLimits = Limits{PerChat: 1050 * time.Millisecond, GroupWindow: 61 * time.Second, GroupCount: 20, Overall: 28}

// Sender spaces out messages so that Telegram's limits are never hit, and
// retries after a 429 as Telegram asks. Every message the bot sends goes
// through it; edits and callback answers do not count towards the limits.
type Sender struct {
	limits  Limits
	mu      sync.Mutex
	chats   map[int64][]time.Time // recent sends per chat, oldest first
	overall []time.Time           // recent sends overall, oldest first
	now     func() time.Time
}

// NewSender returns a sender keeping to limits.
func NewSender(limits Limits) *Sender {
	return &Sender{limits: limits, chats: map[int64][]time.Time{}, now: time.Now}
}

// Wait blocks until a message may be sent to chat, and books that slot.
func (s *Sender) Wait(ctx context.Context, chat int64) error {
	at := s.reserve(chat)
	d := time.Until(at)
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// reserve books the earliest slot that keeps every limit.
func (s *Sender) reserve(chat int64) time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	at := now
	recent := s.chats[chat]
	if n := len(recent); n > 0 {
		at = later(at, recent[n-1].Add(s.limits.PerChat))
	}
	if chat < 0 && s.limits.GroupCount > 0 && len(recent) >= s.limits.GroupCount {
		at = later(at, recent[len(recent)-s.limits.GroupCount].Add(s.limits.GroupWindow))
	}
	at = s.overallSlot(at)
	s.chats[chat] = keepRecent(append(recent, at), now.Add(-s.limits.GroupWindow), s.limits.GroupCount)
	s.overall = insertSorted(s.overall, at)
	return at
}

// overallSlot moves at past any second already holding Overall sends.
func (s *Sender) overallSlot(at time.Time) time.Time {
	if s.limits.Overall <= 0 {
		return at
	}
	cut := 0
	for cut < len(s.overall) && s.overall[cut].Before(s.now().Add(-2*time.Second)) {
		cut++
	}
	s.overall = s.overall[cut:]
	for {
		i := sort.Search(len(s.overall), func(i int) bool { return !s.overall[i].Before(at.Add(-time.Second)) })
		j := sort.Search(len(s.overall), func(j int) bool { return s.overall[j].After(at) })
		if j-i < s.limits.Overall {
			return at
		}
		at = s.overall[i].Add(time.Second + time.Millisecond)
	}
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

func keepRecent(list []time.Time, since time.Time, atLeast int) []time.Time {
	for len(list) > atLeast && list[0].Before(since) {
		list = list[1:]
	}
	return list
}

func insertSorted(list []time.Time, t time.Time) []time.Time {
	i := sort.Search(len(list), func(i int) bool { return list[i].After(t) })
	list = append(list, time.Time{})
	copy(list[i+1:], list[i:])
	list[i] = t
	return list
}

// RetryAfter returns how long Telegram asked to wait, if err is a 429.
func RetryAfter(err error) (time.Duration, bool) {
	var tm *tgbot.TooManyRequestsError
	if errors.As(err, &tm) {
		return time.Duration(tm.RetryAfter) * time.Second, true
	}
	return 0, false
}

// Do sends to chat with fn once the limits allow, retrying up to three
// times when Telegram answers 429 and the wait it asks for is short.
func (s *Sender) Do(ctx context.Context, chat int64, fn func(context.Context) error) error {
	for try := 0; ; try++ {
		if err := s.Wait(ctx, chat); err != nil {
			return err
		}
		err := fn(ctx)
		wait, limited := RetryAfter(err)
		if !limited || try == 2 || wait > 30*time.Second {
			return err
		}
		s.pause(chat, wait)
	}
}

// pause books chat's next slot no earlier than wait from now.
func (s *Sender) pause(chat int64, wait time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.now().Add(wait - s.limits.PerChat)
	if recent := s.chats[chat]; len(recent) > 0 {
		t = later(t, recent[len(recent)-1])
	}
	s.chats[chat] = append(s.chats[chat], t)
}
