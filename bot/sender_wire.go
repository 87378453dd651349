package bot

import (
	"context"
	"fmt"
	"time"
)

// The hard overall bound: never more than OverallHard sends whose time on
// the wire (from the request to its answer) touches any one second.
// Evenly spaced sends may still reach Telegram bunched when a machine is
// busy; counting each send from its admission until a second after its
// answer bounds what Telegram can see in a second whatever the delays.
// Each process counts its own sends, and the bot's replicas count theirs
// together in the database (telegram_admit), so that neither a busy
// process nor several at once can pass the bound.

// sendAdmitted runs fn once admitted under the hard overall bound, and
// counts it answered however fn ends, a panic included.
func (s *Sender) sendAdmitted(ctx context.Context, fn func(context.Context) error) error {
	wire, err := s.admit(ctx)
	if err != nil {
		return err
	}
	defer s.answer(ctx, wire)
	return fn(ctx)
}

// admit waits until fewer than OverallHard sends are counted, in this
// process and then across the replicas, and counts the caller's; it
// returns the send's row on the wire (0 without a bound). Waiting sends
// are admitted first come, first served (a channel's waiters are), so that
// two messages to one chat leave in the order, and at the spacing, that
// Wait gave them.
func (s *Sender) admit(ctx context.Context) (wire int64, err error) {
	select {
	case <-s.gate:
	case <-ctx.Done():
		return 0, ctx.Err()
	}
	defer func() { s.gate <- struct{}{} }()
	if s.limits.OverallHard <= 0 {
		return 0, nil
	}
	for wait := s.tryAdmit(); wait > 0; wait = s.tryAdmit() {
		if err := sleep(ctx, wait); err != nil {
			return 0, err
		}
	}
	for {
		wire, retry, err := s.admitWire(ctx)
		if err == nil && retry > 0 {
			err = sleep(ctx, retry)
		}
		if err != nil {
			s.answerHere()
			return 0, err
		}
		if retry == 0 {
			return wire, nil
		}
	}
}

// tryAdmit admits the caller in this process and returns 0, or returns
// how long to wait.
func (s *Sender) tryAdmit() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
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
// how long until one of the counted sends stops counting.
func (s *Sender) admitWire(ctx context.Context) (wire int64, retry time.Duration, err error) {
	var id, retryUS *int64
	err = s.db.QueryRowContext(ctx, "SELECT wire_id, retry_us FROM telegram_admit(?, ?)", s.bot, s.limits.OverallHard).Scan(&id, &retryUS)
	switch {
	case err != nil:
		return 0, 0, fmt.Errorf("admitting a Telegram send: %w", err)
	case id != nil:
		return *id, 0, nil
	}
	return 0, max(time.Millisecond, time.Duration(*retryUS)*time.Microsecond), nil
}

// answer records that an admitted send was answered (or failed).
func (s *Sender) answer(ctx context.Context, wire int64) {
	if s.limits.OverallHard <= 0 {
		return
	}
	s.answerHere()
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	// Should this fail, the row counts on until it is a minute old: the
	// bound is kept, if more tightly for a while.
	_, _ = s.db.ExecContext(ctx, "UPDATE telegram_wire SET answered_at = clock_timestamp() WHERE id = ?", wire)
}

// answerHere records the answer in this process's count.
func (s *Sender) answerHere() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.inFlight--
	s.answered = append(s.answered, s.now())
}
