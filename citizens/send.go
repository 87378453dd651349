package citizens

import (
	"context"
	"errors"
	"time"

	"github.com/riverqueue/river"
	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/keyring"
	"govmedia/postgres"
)

// Sender sends a customer-service text message to a follower of an
// account (the wechat package's client does it).
type Sender interface {
	SendText(ctx context.Context, accountID int64, openid, text string) error
}

// Refusal is a customer-service send WeChat refused for good, with its
// errcode: 45015 (window closed, or the follower left), 45047 (too many
// messages in the window), 43004 (not following), 48001 (not allowed).
type Refusal interface{ RefusalCode() int64 }

// replyArgs sends one operator's reply.
type replyArgs struct {
	MessageID int64 `json:"message_id"`
}

// Kind names the job.
func (replyArgs) Kind() string { return "citizens.reply" }

// sendAttempts bounds the tries of a reply WeChat could not take for a
// passing reason (busy, a token refreshed meanwhile).
const sendAttempts = 5

// InsertOpts bounds the tries.
func (replyArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{MaxAttempts: sendAttempts} }

// SendReplies registers the job that sends operators' replies through s.
func (c *Citizens) SendReplies(q *postgres.Queue, s Sender) {
	c.queue = q
	river.AddWorker(q.Workers, river.WorkFunc(func(ctx context.Context, j *river.Job[replyArgs]) error {
		err := c.sendReply(ctx, s, j.Args.MessageID)
		if err != nil && j.Attempt >= sendAttempts {
			return c.settle(ctx, j.Args.MessageID, Refused, "citizens.send_failed", 0)
		}
		return err
	}))
}

func (c *Citizens) queueSend(ctx context.Context, tx bun.Tx, m *Message) error {
	if c.queue == nil {
		return govmedia.Errorf(govmedia.EINTERNAL, "error.internal")
	}
	return c.queue.InsertTx(ctx, tx, replyArgs{MessageID: m.ID}, nil)
}

// sendReply sends one reply and records how it went: sent, or refused
// with WeChat's reason; a passing failure is tried again by the queue.
func (c *Citizens) sendReply(ctx context.Context, s Sender, id int64) error {
	m := new(Message)
	if err := c.db.NewSelect().Model(m).Where("m.id = ?", id).Scan(ctx); err != nil {
		return err
	}
	if m.State != Sending {
		return nil // sent or refused already
	}
	q := new(Question)
	if err := c.db.NewSelect().Model(q).Relation("Follower").Where("q.id = ?", m.QuestionID).Scan(ctx); err != nil {
		return err
	}
	if q.Follower == nil {
		return c.settle(ctx, id, Refused, "citizens.follower_gone", 0)
	}
	text, err := c.openText(ctx, m)
	if err != nil {
		return err
	}
	openid, err := c.openID(ctx, c.db, q.Follower)
	if err != nil {
		return err
	}
	if !m.SendTriedAt.IsZero() { // a send began and its process died: WeChat may have it
		return c.settle(ctx, id, Refused, "citizens.refused.unknown", 0)
	}
	if first, err := c.markTried(ctx, id, true); err != nil || !first {
		return err
	}
	err = s.SendText(ctx, q.AccountID, openid, text)
	var refusal Refusal
	switch {
	case err == nil:
		return c.settle(ctx, id, Sent, "", 0)
	case errors.As(err, &refusal):
		return c.settle(ctx, id, Refused, refusalKey(refusal.RefusalCode()), refusal.RefusalCode())
	}
	if _, clearErr := c.markTried(ctx, id, false); clearErr != nil {
		return errors.Join(err, clearErr)
	}
	return err // WeChat answered with a passing error, or not at all: tried again
}

// markTried records, committed before the send, that a reply's send to
// WeChat begins (tried), or that the send failed and may be made again.
// A reply found with the mark on a later try was cut off mid-send: it is
// not sent again on its own, as WeChat may have it and has no way to
// tell (no idempotency key). first is false when another worker marked it.
func (c *Citizens) markTried(ctx context.Context, id int64, tried bool) (first bool, err error) {
	q := c.db.NewUpdate().Table("question_messages").Where("id = ? AND state = ?", id, Sending)
	if tried {
		q = q.Set("send_tried_at = ?", c.now()).Where("send_tried_at IS NULL")
	} else {
		q = q.Set("send_tried_at = NULL")
	}
	res, err := q.Exec(ctx)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// refusalKey is the text key saying in an operator's words why WeChat
// refused a reply.
func refusalKey(code int64) string {
	switch code {
	case 45015, 43004:
		return "citizens.refused.window"
	case 45047:
		return "citizens.refused.too_many"
	case 48001:
		return "citizens.refused.not_allowed"
	}
	return "citizens.refused.other"
}

// settle records how a reply's send ended and tells its operator (why it
// was refused: the text key reason, with WeChat's errcode); a reply sent
// answers its question.
func (c *Citizens) settle(ctx context.Context, id int64, state, reason string, code int64) error {
	return c.inTx(ctx, func(tx bun.Tx, now time.Time) error {
		m := new(Message)
		if err := tx.NewSelect().Model(m).Where("m.id = ?", id).For("UPDATE").Scan(ctx); err != nil {
			return err
		}
		if m.State != Sending {
			return nil
		}
		m.State = state
		if reason != "" {
			m.Error = govmedia.Print(govmedia.Chinese, reason, "code", code)
		}
		if _, err := tx.NewUpdate().Model(m).Column("state", "error").WherePK().Exec(ctx); err != nil {
			return err
		}
		q, err := question(ctx, tx, m.QuestionID)
		if err != nil {
			return err
		}
		kind := "refused"
		if state == Sent {
			kind = "sent"
			if err := c.answered(ctx, tx, q, now); err != nil {
				return err
			}
		}
		return c.emit(ctx, tx, Event{Kind: kind, Question: q, Message: m, Reason: reason, Code: code})
	})
}

// answered marks a question answered by a reply that went.
func (c *Citizens) answered(ctx context.Context, tx bun.Tx, q *Question, now time.Time) error {
	if q.AnsweredAt.IsZero() {
		q.AnsweredAt = now
	}
	if q.State == Open {
		q.State = Answered
	}
	_, err := tx.NewUpdate().Model(q).Column("state", "answered_at").WherePK().Exec(ctx)
	return err
}

// openText opens a message's sealed text.
func (c *Citizens) openText(ctx context.Context, m *Message) (string, error) {
	return keyring.OpenString(ctx, c.db, c.box, textPurpose, m.TextSealed)
}
