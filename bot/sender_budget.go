package bot

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun/dialect/pgdialect"
)

// The bot's sending budget lives in PostgreSQL, shared by its replicas
// (migration telegram_budget): telegram_book books a send's slot, a 429
// pauses a chat, and a send that waited checks that no pause began
// meanwhile. Every time is the database's, so that replicas on machines
// whose clocks differ still keep one spacing.

// booking is one send's request for a slot, waiting for its batch.
type booking struct {
	chat int64
	hold int64 // microseconds; -1: not held
	done chan bookResult
}

// bookResult is a booking's answer; lead asks its waiter to book the next
// batch.
type bookResult struct {
	wait, later time.Duration
	err         error
	lead        bool
}

// book books chat's next slot and returns how long until it, or, when held
// and the chat's own limits put it more than hold away, books nothing and
// returns when to try again.
//
// Sends that want slots while a booking is under way wait for it to end,
// and are then booked together, in the order they came, with one
// statement: one round trip for many sends when many are sent at once,
// and none of them waits for more than the booking before its own.
func (s *Sender) book(ctx context.Context, chat int64, hold time.Duration, held bool) (wait, later time.Duration, err error) {
	b := &booking{chat: chat, hold: -1, done: make(chan bookResult, 1)}
	if held {
		b.hold = hold.Microseconds()
	}
	s.bookMu.Lock()
	s.pending = append(s.pending, b)
	lead := !s.booking
	s.booking = true
	s.bookMu.Unlock()
	if lead {
		s.bookBatch(ctx)
	}
	r := <-b.done
	if r.lead {
		s.bookBatch(ctx)
		r = <-b.done
	}
	return r.wait, r.later, r.err
}

// bookBatch books every pending send in one statement, answers each, and
// hands the next batch, if sends came meanwhile, to the first of them.
func (s *Sender) bookBatch(ctx context.Context) {
	s.bookMu.Lock()
	batch := s.pending
	s.pending = nil
	s.bookMu.Unlock()
	chats, holds := make([]int64, len(batch)), make([]int64, len(batch))
	for i, b := range batch {
		chats[i], holds[i] = b.chat, b.hold
	}
	results := s.bookAll(ctx, chats, holds)
	for i, b := range batch {
		b.done <- results[i]
	}
	s.bookMu.Lock()
	defer s.bookMu.Unlock()
	if len(s.pending) == 0 {
		s.booking = false
		return
	}
	s.pending[0].done <- bookResult{lead: true}
}

// bookAll books a slot for each of chats with telegram_book, in order, in
// one statement. A batch outlives the send that books it (others wait on
// it): it is not cancelled with that send's context.
func (s *Sender) bookAll(ctx context.Context, chats, holds []int64) []bookResult {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	out := make([]bookResult, len(chats))
	rows, err := s.db.QueryContext(ctx, `SELECT b.wait_us, b.later_us
		FROM unnest(?::bigint[], ?::bigint[]) WITH ORDINALITY AS r (chat, hold, n),
		LATERAL telegram_book(?, r.chat, ? * interval '1 microsecond', ? * interval '1 microsecond', ?,
			? * interval '1 microsecond', CASE WHEN r.hold >= 0 THEN r.hold * interval '1 microsecond' END) b
		ORDER BY r.n`,
		pgdialect.Array(chats), pgdialect.Array(holds), s.bot, s.limits.PerChat.Microseconds(), s.limits.GroupWindow.Microseconds(),
		s.limits.GroupCount, overallGap(s.limits.Overall).Microseconds())
	if err == nil {
		err = scanBookings(rows, out)
	}
	if err != nil {
		for i := range out {
			out[i] = bookResult{err: fmt.Errorf("booking a Telegram send: %w", err)}
		}
	}
	return out
}

// scanBookings reads one row per booking into out.
func scanBookings(rows *sql.Rows, out []bookResult) error {
	defer rows.Close()
	i := 0
	for ; rows.Next() && i < len(out); i++ {
		var waitUS, laterUS sql.NullInt64
		if err := rows.Scan(&waitUS, &laterUS); err != nil {
			return err
		}
		out[i] = bookResult{wait: time.Duration(waitUS.Int64) * time.Microsecond, later: time.Duration(laterUS.Int64) * time.Microsecond}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if i != len(out) {
		return fmt.Errorf("%d slots booked for %d sends", i, len(out))
	}
	return nil
}

// overallGap is the least time between two sends of the bot that keeps
// them under perSecond, evenly spread, in whole microseconds (the
// database's resolution) rounded up. (Booking up to the limit at the start
// of a second and the next sends just after it left no room for the
// smallest delay in delivering them: Telegram, counting any 1 s, could see
// more than its 30.)
func overallGap(perSecond int) time.Duration {
	if perSecond <= 0 {
		return 0
	}
	us := (int64(time.Second/time.Microsecond) + int64(perSecond) - 1) / int64(perSecond)
	return time.Duration(us) * time.Microsecond
}

// pause holds chat for wait from now, for every replica, as Telegram asked
// with a 429.
func (s *Sender) pause(ctx context.Context, chat int64, wait time.Duration) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO telegram_chats (bot_id, chat_id, paused_until)
		VALUES (?, ?, clock_timestamp() + ? * interval '1 microsecond')
		ON CONFLICT (bot_id, chat_id) DO UPDATE SET paused_until = greatest(telegram_chats.paused_until, excluded.paused_until)`,
		s.bot, chat, wait.Microseconds())
	if err != nil {
		return fmt.Errorf("pausing a Telegram chat: %w", err)
	}
	return nil
}

// paused reports whether chat is paused now.
func (s *Sender) paused(ctx context.Context, chat int64) (bool, error) {
	var one int
	err := s.db.QueryRowContext(ctx, `SELECT 1 FROM telegram_chats WHERE bot_id = ? AND chat_id = ? AND paused_until > clock_timestamp()`,
		s.bot, chat).Scan(&one)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("reading a Telegram chat's pause: %w", err)
	}
	return true, nil
}
