package bot

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/uptrace/bun"
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
	// PerChatHard: a send to a chat leaves no sooner than this after
	// Telegram answered the chat's previous one, so that a send held back
	// (by OverallHard, or a busy machine) does not reach the chat too soon
	// after the one before, nor the next too soon after it. 0: no bound.
	PerChatHard time.Duration
}

// TelegramLimits are the limits Telegram documents: about one message a
// second to a chat, 20 a minute to a group, 30 a second overall.
var TelegramLimits = Limits{PerChat: 1050 * time.Millisecond, GroupWindow: 61 * time.Second, GroupCount: 20, Overall: 28,
	OverallHard: 30, PerChatHard: time.Second}

// Sender spaces out messages so that Telegram's limits are never hit, and
// retries after a 429 as Telegram asks. Every message the bot sends goes
// through it; edits and callback answers do not count towards the limits.
// The limits are the bot's, however many replicas send for it: each send
// books its slot in the database (sender_budget.go), a pause that
// Telegram asks for holds the chat for every replica, and the hard bounds
// against sends that reach Telegram bunched are counted in each process
// and across the replicas (sender_wire.go).
type Sender struct {
	db       bun.IDB
	bot      int64 // the bot whose budget the sends book: the id in its token
	limits   Limits
	bookMu   sync.Mutex
	pending  []*booking // sends waiting for the booking under way to end
	booking  bool       // a booking is under way
	mu       sync.Mutex
	inFlight int           // sends not yet answered
	answered []time.Time   // when recent sends were answered, in order
	gate     chan struct{} // one token: sends waiting for admission pass it on in the order they came
	now      func() time.Time
}

// NewSender returns a sender keeping to limits for the bot of token, with
// its budget in db. Of the token it keeps only the bot's id, the digits
// before the colon, so that a new token of the same bot books the same
// budget.
func NewSender(db bun.IDB, token string, limits Limits) *Sender {
	id, _ := strconv.ParseInt(strings.SplitN(token, ":", 2)[0], 10, 64)
	s := &Sender{db: db, bot: id, limits: limits, now: time.Now, gate: make(chan struct{}, 1)}
	s.gate <- struct{}{}
	return s
}

// holdKey marks the context of a queued job's send; its value is how long
// the job may keep its worker waiting for its chat.
type holdKey struct{}

// withHold marks ctx as a queued job's: when the chat's own limits (one
// message a second, 20 a minute into a group, a pause Telegram asked for)
// put its next slot more than hold away, Wait (and Do) book nothing and
// return *sendLater, so that the job can be snoozed and its worker freed
// for other chats, instead of a few busy chats holding every worker of the
// queue while the others wait. The overall limit is waited for as before:
// every chat waits for it alike.
func withHold(ctx context.Context, hold time.Duration) context.Context {
	return context.WithValue(ctx, holdKey{}, hold)
}

// sendLater says when a queued job should try its send again.
type sendLater struct{ wait time.Duration }

func (e *sendLater) Error() string { return "telegram limits: send again in " + e.wait.String() }

// Wait blocks until a message may be sent to chat, and books that slot.
// Under withHold it returns *sendLater instead of waiting longer than the
// hold for a busy chat.
//
// A slot is given up if, while it was waited for, a replica was told by
// Telegram to pause the chat; the send books again, after the pause. The
// pause is looked for a little before the slot, so that the look does not
// delay the send, and only for a slot waited for half the per-chat spacing
// or more: only such a slot can fall in a pause, as the send that drew the
// 429 had the chat's slot before it, a spacing earlier, and its answer
// comes well within half of one.
func (s *Sender) Wait(ctx context.Context, chat int64) error {
	hold, held := ctx.Value(holdKey{}).(time.Duration)
	for {
		wait, later, err := s.book(ctx, chat, hold, held)
		switch {
		case err != nil:
			return err
		case later > 0:
			return &sendLater{wait: later}
		case wait <= 0:
			return nil
		}
		slot := time.Now().Add(wait)
		if wait >= s.limits.PerChat/2 {
			if err := sleep(ctx, wait-pauseLookAhead); err != nil {
				return err
			}
			if paused, err := s.paused(ctx, chat); err != nil || paused {
				if err != nil {
					return err
				}
				continue
			}
		}
		return sleep(ctx, time.Until(slot))
	}
}

// pauseLookAhead is how long before its slot a send looks for a pause.
const pauseLookAhead = 50 * time.Millisecond

// sleep waits for d, or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
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
// times when Telegram answers 429 and the wait it asks for is short. Every
// 429 pauses the chat for as long as Telegram asked, for every replica.
func (s *Sender) Do(ctx context.Context, chat int64, fn func(context.Context) error) error {
	for try := 0; ; try++ {
		if err := s.Wait(ctx, chat); err != nil {
			return err
		}
		err := s.sendAdmitted(ctx, chat, fn)
		wait, limited := RetryAfter(err)
		if !limited {
			return err
		}
		if perr := s.pause(ctx, chat, wait); perr != nil || try == 2 || wait > 30*time.Second {
			return errors.Join(err, perr)
		}
	}
}
