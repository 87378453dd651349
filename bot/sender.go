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
	Overall     int // messages per second across all chats, spread evenly
	// OverallHard: never more than this many sends whose time on the wire
	// (from the request to its answer) touches any one second. Evenly
	// spaced sends may still reach Telegram bunched when the machine is
	// busy; counting each send until its answer bounds what Telegram can
	// see in a second whatever the delays. 0: no bound.
	OverallHard int
}

// TelegramLimits are the limits Telegram documents: about one message a
// second to a chat, 20 a minute to a group, 30 a second overall.
var TelegramLimits = Limits{PerChat: 1050 * time.Millisecond, GroupWindow: 61 * time.Second, GroupCount: 20, Overall: 28, OverallHard: 30}

// Sender spaces out messages so that Telegram's limits are never hit, and
// retries after a 429 as Telegram asks. Every message the bot sends goes
// through it; edits and callback answers do not count towards the limits.
type Sender struct {
	limits   Limits
	mu       sync.Mutex
	chats    map[int64][]time.Time // recent sends per chat, oldest first
	overall  []time.Time           // recent sends overall, in order
	deferred map[int64]time.Time   // per chat, the last turn given to a job sent away (see withHold)
	inFlight int                   // sends not yet answered
	answered []time.Time           // when recent sends were answered, in order
	gate     chan struct{}         // one token: sends waiting for admission pass it on in the order they came
	now      func() time.Time
}

// NewSender returns a sender keeping to limits.
func NewSender(limits Limits) *Sender {
	s := &Sender{limits: limits, chats: map[int64][]time.Time{}, deferred: map[int64]time.Time{}, now: time.Now,
		gate: make(chan struct{}, 1)}
	s.gate <- struct{}{}
	return s
}

// holdKey marks the context of a queued job's send; its value is how long
// the job may keep its worker waiting for its chat.
type holdKey struct{}

// withHold marks ctx as a queued job's: when the chat's own limits (one
// message a second, 20 a minute into a group) put its next slot more than
// hold away, Wait (and Do) book nothing and return *sendLater, so that the
// job can be snoozed and its worker freed for other chats, instead of a
// few busy chats holding every worker of the queue while the others wait.
// The overall limit is waited for as before: every chat waits for it alike.
func withHold(ctx context.Context, hold time.Duration) context.Context {
	return context.WithValue(ctx, holdKey{}, hold)
}

// sendLater says when a queued job should try its send again.
type sendLater struct{ wait time.Duration }

func (e *sendLater) Error() string { return "telegram limits: send again in " + e.wait.String() }

// Wait blocks until a message may be sent to chat, and books that slot.
// Under withHold it returns *sendLater instead of waiting longer than the
// hold for a busy chat.
func (s *Sender) Wait(ctx context.Context, chat int64) error {
	hold, held := ctx.Value(holdKey{}).(time.Duration)
	at, later := s.reserve(chat, hold, held)
	if later > 0 {
		return &sendLater{wait: later}
	}
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

// reserve books the earliest slot that keeps every limit. When held and
// the chat's own limits put that slot more than hold away, it books
// nothing and returns how long the caller should wait before trying again:
// after the turns already given to the chat's other waiting jobs, so that
// they come back one by one rather than all at once.
func (s *Sender) reserve(chat int64, hold time.Duration, held bool) (at time.Time, later time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	at = now
	recent := s.chats[chat]
	if n := len(recent); n > 0 {
		at = latest(at, recent[n-1].Add(s.limits.PerChat))
	}
	if chat < 0 && s.limits.GroupCount > 0 && len(recent) >= s.limits.GroupCount {
		at = latest(at, recent[len(recent)-s.limits.GroupCount].Add(s.limits.GroupWindow))
	}
	if turn, ok := s.deferred[chat]; ok && turn.Before(now) {
		delete(s.deferred, chat)
	}
	if held && at.Sub(now) > hold {
		turn := at
		if last, ok := s.deferred[chat]; ok {
			turn = latest(turn, last.Add(s.limits.PerChat))
		}
		s.deferred[chat] = turn
		return time.Time{}, turn.Sub(now)
	}
	at = s.overallSlot(at)
	s.chats[chat] = keepRecent(append(recent, at), now.Add(-s.limits.GroupWindow), s.limits.GroupCount)
	s.overall = insertSorted(s.overall, at)
	return at, 0
}

// overallSlot returns the earliest time from at that is at least
// 1s/Overall away from every send booked, so that sends are spread evenly
// over each second. (Booking up to Overall sends at the start of a second
// and the next ones just after it left no room for the smallest delay in
// delivering them: Telegram, counting any 1 s, could see more than its 30.)
func (s *Sender) overallSlot(at time.Time) time.Time {
	if s.limits.Overall <= 0 {
		return at
	}
	cut := 0
	for cut < len(s.overall) && s.overall[cut].Before(s.now().Add(-2*time.Second)) {
		cut++
	}
	s.overall = s.overall[cut:]
	gap := (time.Second + time.Duration(s.limits.Overall) - 1) / time.Duration(s.limits.Overall)
	for {
		i := sort.Search(len(s.overall), func(i int) bool { return s.overall[i].After(at.Add(-gap)) })
		if i == len(s.overall) || !s.overall[i].Before(at.Add(gap)) {
			return at
		}
		at = s.overall[i].Add(gap)
	}
}

func latest(a, b time.Time) time.Time {
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
		err := s.sendAdmitted(ctx, fn)
		wait, limited := RetryAfter(err)
		if !limited || try == 2 || wait > 30*time.Second {
			return err
		}
		s.pause(chat, wait)
	}
}

// sendAdmitted runs fn once admitted under the hard overall bound, and
// counts it answered however fn ends, a panic included.
func (s *Sender) sendAdmitted(ctx context.Context, fn func(context.Context) error) error {
	if err := s.admit(ctx); err != nil {
		return err
	}
	defer s.answer()
	return fn(ctx)
}

// pause books chat's next slot no earlier than wait from now.
func (s *Sender) pause(chat int64, wait time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.now().Add(wait - s.limits.PerChat)
	if recent := s.chats[chat]; len(recent) > 0 {
		t = latest(t, recent[len(recent)-1])
	}
	s.chats[chat] = append(s.chats[chat], t)
}

// admit waits until fewer than OverallHard sends are in flight or were
// answered within the last second, and counts the caller's as in flight.
// Waiting sends are admitted first come, first served (a channel's waiters
// are), so that two messages to one chat leave in the order, and at the
// spacing, that Wait gave them.
func (s *Sender) admit(ctx context.Context) error {
	select {
	case <-s.gate:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { s.gate <- struct{}{} }()
	for {
		wait := s.tryAdmit()
		if wait == 0 {
			return nil
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

// tryAdmit admits the caller and returns 0, or returns how long to wait.
func (s *Sender) tryAdmit() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.limits.OverallHard <= 0 {
		return 0
	}
	now := s.now()
	for len(s.answered) > 0 && !s.answered[0].After(now.Add(-time.Second)) {
		s.answered = s.answered[1:]
	}
	if s.inFlight+len(s.answered) < s.limits.OverallHard {
		s.inFlight++
		return 0
	}
	if len(s.answered) > 0 {
		return s.answered[0].Add(time.Second).Sub(now) + time.Millisecond
	}
	return 10 * time.Millisecond // every slot is in flight: the first answer frees one
}

// answer records that an admitted send was answered (or failed).
func (s *Sender) answer() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.limits.OverallHard <= 0 {
		return
	}
	s.inFlight--
	s.answered = append(s.answered, s.now())
}
