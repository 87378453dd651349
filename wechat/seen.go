package wechat

import (
	"context"
	"time"

	"github.com/riverqueue/river"
	"github.com/uptrace/bun"
)

// seenFor is how long a message's key is remembered (table callback_seen):
// WeChat retries a push for seconds, so two days is plenty.
const seenFor = 48 * time.Hour

// claim records m's key for acc and reports whether it is new, that is not
// a retry of a message handled already. For a slow handler the job that
// answers m is queued in the same transaction, so that a message is
// either remembered with its job or not at all.
func (c *Callback) claim(ctx context.Context, acc Account, m *Message, slow bool) (bool, error) {
	if !slow {
		return c.firstTime(ctx, c.db, acc.ID, m.dedupeKey())
	}
	first := false
	err := c.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var err error
		if first, err = c.firstTime(ctx, tx, acc.ID, m.dedupeKey()); err != nil || !first {
			return err
		}
		args, err := c.sealMessage(acc, m)
		if err != nil {
			return err
		}
		return c.queue.InsertTx(ctx, tx, args, &river.InsertOpts{MaxAttempts: replyAttempts})
	})
	return first && err == nil, err
}

// firstTime records a message's key and reports whether it is new.
func (c *Callback) firstTime(ctx context.Context, db bun.IDB, accountID int64, key string) (bool, error) {
	res, err := db.ExecContext(ctx, "INSERT INTO callback_seen (account_id, key, seen_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
		accountID, key, c.now())
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// forget drops a message's key, so that WeChat's retry of a message whose
// handling failed is handled.
func (c *Callback) forget(ctx context.Context, accountID int64, m *Message) {
	_, err := c.db.ExecContext(context.WithoutCancel(ctx), "DELETE FROM callback_seen WHERE account_id = ? AND key = ?", accountID, m.dedupeKey())
	if err != nil {
		c.log.Error("forgetting a WeChat message whose handling failed", "account", accountID, "err", err)
	}
}

// forgetSeenArgs drops the keys of old messages (periodic).
type forgetSeenArgs struct{}

// Kind names the job.
func (forgetSeenArgs) Kind() string { return "wechat.forget_seen" }

// forgetSeen drops the keys of messages older than seenFor.
func (c *Callback) forgetSeen(ctx context.Context) error {
	_, err := c.db.ExecContext(ctx, "DELETE FROM callback_seen WHERE seen_at < ?", c.now().Add(-seenFor))
	return err
}
