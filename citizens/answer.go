package citizens

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/registry"
)

// maxReply bounds an operator's reply (WeChat takes 2,048 bytes of text).
const maxReply = 600

// question loads a question locked for tx, with its follower.
func question(ctx context.Context, tx bun.IDB, id int64) (*Question, error) {
	q := new(Question)
	err := tx.NewSelect().Model(q).Relation("Follower").Where("q.id = ?", id).For("UPDATE OF q").Scan(ctx)
	if isNoRows(err) {
		return nil, govmedia.Errorf(govmedia.ENOTFOUND, "citizens.question_not_found", "id", id)
	}
	return q, err
}

// Reply sends an operator's answer to the citizen who asked, by WeChat's
// customer-service message, within the window WeChat allows: 48 hours
// after the citizen's last message, a few messages in it. The message is
// queued in the transaction that records it (see SendReplies); the
// operator hears whether it went. Errors: ENOTFOUND, EFORBIDDEN,
// EINVALID (empty, too long), ECONFLICT (window closed, or used up).
func (c *Citizens) Reply(ctx context.Context, m *registry.Member, questionID int64, text string) (*Message, error) {
	text = strings.TrimSpace(text)
	if text == "" || utf8.RuneCountInString(text) > maxReply {
		return nil, govmedia.Errorf(govmedia.EINVALID, "citizens.reply_length", "max", maxReply)
	}
	var msg *Message
	err := c.inTx(ctx, func(tx bun.Tx, now time.Time) error {
		q, err := question(ctx, tx, questionID)
		if err != nil {
			return err
		}
		if err := CheckAnswer(ctx, tx, m, q); err != nil {
			return err
		}
		if err := c.checkWindow(q, now); err != nil {
			return err
		}
		if msg, err = c.addMessage(ctx, tx, q, false, text, m.Actor().String(), now); err != nil {
			return err
		}
		if _, err := tx.NewUpdate().Model(q.Follower).Set("window_sent = window_sent + 1").WherePK().Exec(ctx); err != nil {
			return err
		}
		return c.queueSend(ctx, tx, msg)
	})
	return msg, err
}

// checkWindow refuses a reply WeChat would refuse: the follower gone, its
// window closed, or the window's messages used up.
func (c *Citizens) checkWindow(q *Question, now time.Time) error {
	f := q.Follower
	switch {
	case f == nil || !f.Subscribed:
		return govmedia.Errorf(govmedia.ECONFLICT, "citizens.follower_gone")
	case q.State == Handled:
		return govmedia.Errorf(govmedia.ECONFLICT, "citizens.question_handled")
	case now.Sub(f.LastMessageAt) > window:
		return govmedia.Errorf(govmedia.ECONFLICT, "citizens.window_closed", "at", govmedia.FormatTime(f.LastMessageAt.Add(window)))
	case f.WindowSent >= c.opts.WindowSends:
		return govmedia.Errorf(govmedia.ECONFLICT, "citizens.window_used", "count", c.opts.WindowSends)
	}
	return nil
}

// Handle closes a question. Errors: ENOTFOUND, EFORBIDDEN.
func (c *Citizens) Handle(ctx context.Context, m *registry.Member, questionID int64) (*Question, error) {
	var q *Question
	err := c.inTx(ctx, func(tx bun.Tx, now time.Time) error {
		var err error
		if q, err = question(ctx, tx, questionID); err != nil {
			return err
		}
		if err := CheckAnswer(ctx, tx, m, q); err != nil {
			return err
		}
		if q.State == Handled {
			return nil
		}
		q.State, q.HandledAt, q.HandledBy = Handled, now, m.Actor().String()
		if _, err = tx.NewUpdate().Model(q).Column("state", "handled_at", "handled_by").WherePK().Exec(ctx); err != nil {
			return err
		}
		return c.emit(ctx, tx, Event{Kind: "handled", Question: q})
	})
	return q, err
}

// HandOver gives a question to another unit (one whose matter it is),
// open again with its deadlines from now. Errors: ENOTFOUND, EFORBIDDEN,
// EINVALID (the same unit), ECONFLICT (handled already).
func (c *Citizens) HandOver(ctx context.Context, m *registry.Member, questionID int64, org string) (*Question, error) {
	var q *Question
	err := c.inTx(ctx, func(tx bun.Tx, now time.Time) error {
		var err error
		if q, err = question(ctx, tx, questionID); err != nil {
			return err
		}
		if err := CheckAnswer(ctx, tx, m, q); err != nil {
			return err
		}
		if q.State == Handled {
			return govmedia.Errorf(govmedia.ECONFLICT, "citizens.question_handled")
		}
		if _, err := registry.OrgByCode(ctx, tx, org); err != nil {
			return err
		}
		if org == q.OrgCode {
			return govmedia.Errorf(govmedia.EINVALID, "citizens.same_unit")
		}
		q.OrgCode, q.State = org, Open
		c.setDeadlines(q, now)
		if _, err := tx.NewUpdate().Model(q).Column("org_code", "state", "remind_at", "reminded_at", "escalate_at", "escalated_at").WherePK().Exec(ctx); err != nil {
			return err
		}
		return c.emit(ctx, tx, Event{Kind: "handed_over", Question: q})
	})
	return q, err
}

// QuestionFor returns a question with its messages opened, for one who
// may read it. Errors: ENOTFOUND.
func (c *Citizens) QuestionFor(ctx context.Context, m *registry.Member, id int64) (*Question, error) {
	return c.openQuestion(ctx, id, func(q *Question) error { return CheckSee(ctx, c.db, m, q) })
}

// QuestionIn returns a question with its messages opened, for the chat of
// a unit that may read it (see SeenBy). Errors: ENOTFOUND.
func (c *Citizens) QuestionIn(ctx context.Context, org string, id int64) (*Question, error) {
	return c.openQuestion(ctx, id, func(q *Question) error {
		if !SeenBy(ctx, c.db, org, q) {
			return govmedia.Errorf(govmedia.ENOTFOUND, "citizens.question_not_found", "id", q.ID)
		}
		return nil
	})
}

// openQuestion loads a question, asks check whether it may be read, and
// opens its messages.
func (c *Citizens) openQuestion(ctx context.Context, id int64, check func(*Question) error) (*Question, error) {
	q := new(Question)
	err := c.db.NewSelect().Model(q).Relation("Follower").Relation("Messages", func(s *bun.SelectQuery) *bun.SelectQuery {
		return s.OrderExpr("m.id")
	}).Where("q.id = ?", id).Scan(ctx)
	if isNoRows(err) {
		return nil, govmedia.Errorf(govmedia.ENOTFOUND, "citizens.question_not_found", "id", id)
	}
	if err != nil {
		return nil, err
	}
	if err := check(q); err != nil {
		return nil, err
	}
	for _, msg := range q.Messages {
		if msg.Text, err = c.openText(ctx, msg); err != nil {
			return nil, err
		}
	}
	return q, nil
}

// MayAct loads a question m may reply to, close or hand over: one of m's
// unit's, not handled yet. Errors: ENOTFOUND, EFORBIDDEN, ECONFLICT.
func (c *Citizens) MayAct(ctx context.Context, m *registry.Member, id int64) (*Question, error) {
	q := new(Question)
	err := c.db.NewSelect().Model(q).Relation("Follower").Where("q.id = ?", id).Scan(ctx)
	if isNoRows(err) {
		return nil, govmedia.Errorf(govmedia.ENOTFOUND, "citizens.question_not_found", "id", id)
	}
	if err != nil {
		return nil, err
	}
	if err := CheckAnswer(ctx, c.db, m, q); err != nil {
		return nil, err
	}
	if q.State == Handled {
		return nil, govmedia.Errorf(govmedia.ECONFLICT, "citizens.question_handled")
	}
	return q, nil
}

// MayReply says, before an operator writes a reply, whether it could go:
// m may answer the question, and WeChat's window is open. Errors: as
// Reply's.
func (c *Citizens) MayReply(ctx context.Context, m *registry.Member, id int64) (*Question, error) {
	q, err := c.MayAct(ctx, m, id)
	if err != nil {
		return nil, err
	}
	return q, c.checkWindow(q, c.now())
}
