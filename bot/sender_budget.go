package bot

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// The bot's sending budget lives in PostgreSQL, shared by its replicas
// (migration telegram_budget): telegram_book books a send's slot, a 429
// pauses a chat, and a send that waited checks that no pause began
// meanwhile. Every time is the database's, so that replicas on machines
// whose clocks differ still keep one spacing.

// book books chat's next slot and returns how long until it, or, when held
// and the chat's own limits put it more than hold away, books nothing and
// returns when to try again.
func (s *Sender) book(ctx context.Context, chat int64, hold time.Duration, held bool) (wait, later time.Duration, err error) {
	var holdUS sql.NullInt64
	if held {
		holdUS = sql.NullInt64{Int64: hold.Microseconds(), Valid: true}
	}
	var waitUS, laterUS sql.NullInt64
	err = s.db.QueryRowContext(ctx, `SELECT wait_us, later_us FROM telegram_book(?, ?,
		? * interval '1 microsecond', ? * interval '1 microsecond', ?, ? * interval '1 microsecond', ? * interval '1 microsecond')`,
		s.bot, chat, s.limits.PerChat.Microseconds(), s.limits.GroupWindow.Microseconds(), s.limits.GroupCount,
		overallGap(s.limits.Overall).Microseconds(), holdUS).Scan(&waitUS, &laterUS)
	if err != nil {
		return 0, 0, fmt.Errorf("booking a Telegram send: %w", err)
	}
	return time.Duration(waitUS.Int64) * time.Microsecond, time.Duration(laterUS.Int64) * time.Microsecond, nil
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
