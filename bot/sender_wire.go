package bot

import (
	"context"
	"fmt"
	"math"
	"time"
)

// The hard bounds: never more than OverallHard sends whose time on the
// wire (from the request to its answer) touches any one second, and no
// send to a chat sooner than PerChatHard after Telegram answered the
// chat's previous one. Evenly spaced sends may still reach Telegram
// bunched when a machine is busy; counting each send from its admission
// until a second after its answer bounds what Telegram can see, whatever
// the delays. Each process counts its own sends against OverallHard, and
// the bot's replicas count theirs together in the database
// (telegram_admit), so that neither a busy process nor several at once
// can pass a bound.

// sendAdmitted runs fn once admitted under the hard bounds, and counts it
// answered however fn ends, a panic included.
func (s *Sender) sendAdmitted(ctx context.Context, chat int64, fn func(context.Context) error) error {
	wire, err := s.admit(ctx, chat)
	if err != nil {
		return err
	}
	defer s.answer(ctx, wire)
	return fn(ctx)
}

// admit waits until the send may go on the wire and counts it; it returns
// the send's row on the wire (0 without bounds).
func (s *Sender) admit(ctx context.Context, chat int64) (wire int64, err error) {
	if s.limits.OverallHard <= 0 && s.limits.PerChatHard <= 0 {
		return 0, nil
	}
	for {
		wire, busy, err := s.admitInTurn(ctx, chat)
		if err != nil || busy == 0 {
			return wire, err
		}
		if err := sleep(ctx, busy); err != nil {
			return 0, err
		}
	}
}

// admitInTurn admits the send once fewer than OverallHard sends are
// counted, in this process and then across the replicas. Waiting sends are
// admitted first come, first served (a channel's waiters are), so that two
// messages to one chat leave in the order, and at the spacing, that Wait
// gave them. A send whose chat is still busy with the one before gives up
// its turn, so as not to hold up sends to other chats, and is told how
// long to wait before it takes another.
func (s *Sender) admitInTurn(ctx context.Context, chat int64) (wire int64, busy time.Duration, err error) {
	select {
	case <-s.gate:
	case <-ctx.Done():
		return 0, 0, ctx.Err()
	}
	defer func() { s.gate <- struct{}{} }()
	for wait := s.tryAdmit(); wait > 0; wait = s.tryAdmit() {
		if err := sleep(ctx, wait); err != nil {
			return 0, 0, err
		}
	}
	for {
		wire, retry, chatBusy, err := s.admitWire(ctx, chat)
		switch {
		case err == nil && retry == 0:
			return wire, 0, nil
		case err == nil && !chatBusy:
			err = sleep(ctx, retry)
		}
		if err != nil || chatBusy {
			s.unadmit()
			return 0, retry, err
		}
	}
}

// tryAdmit admits the caller in this process and returns 0, or returns
// how long to wait.
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

// admitWire admits the send across the replicas and returns its row, or
// how long until it may be admitted and whether its chat is what holds it.
func (s *Sender) admitWire(ctx context.Context, chat int64) (wire int64, retry time.Duration, chatBusy bool, err error) {
	hard := s.limits.OverallHard
	if hard <= 0 {
		hard = math.MaxInt32
	}
	var id, retryUS *int64
	err = s.db.QueryRowContext(ctx, "SELECT wire_id, retry_us, chat_busy FROM telegram_admit(?, ?, ?, ? * interval '1 microsecond')",
		s.bot, chat, hard, s.limits.PerChatHard.Microseconds()).Scan(&id, &retryUS, &chatBusy)
	switch {
	case err != nil:
		return 0, 0, false, fmt.Errorf("admitting a Telegram send: %w", err)
	case id != nil:
		return *id, 0, false, nil
	}
	return 0, max(time.Millisecond, time.Duration(*retryUS)*time.Microsecond), chatBusy, nil
}

// answer records that an admitted send was answered (or failed).
func (s *Sender) answer(ctx context.Context, wire int64) {
	s.answerHere()
	if wire == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	// Should this fail, the row counts on until it is a minute old: the
	// bounds are kept, if more tightly for a while.
	_, _ = s.db.ExecContext(ctx, "UPDATE telegram_wire SET answered_at = clock_timestamp() WHERE id = ?", wire)
}

// answerHere records the answer in this process's count.
func (s *Sender) answerHere() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.limits.OverallHard > 0 {
		s.inFlight--
		s.answered = append(s.answered, s.now())
	}
}

// unadmit takes back an admission in this process's count.
func (s *Sender) unadmit() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.limits.OverallHard > 0 {
		s.inFlight--
	}
}
