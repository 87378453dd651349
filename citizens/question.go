package citizens

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/keyring"
	"govmedia/registry"
)

// followUpWithin is how long after its last reply a question takes a
// follower's new message as part of it (a thank-you, a detail) rather than
// as a new matter: WeChat's own window.
const followUpWithin = window

// questionInProgress is the follower's question a new message joins: an
// open one, or one answered within the window. nil when there is none.
func (c *Citizens) questionInProgress(ctx context.Context, tx bun.Tx, f *Follower) (*Question, error) {
	q := new(Question)
	err := tx.NewSelect().Model(q).Where("follower_id = ? AND (state = ? OR (state = ? AND answered_at > ?))",
		f.ID, Open, Answered, c.now().Add(-followUpWithin)).OrderExpr("id DESC").Limit(1).For("UPDATE").Scan(ctx)
	if isNoRows(err) {
		return nil, nil
	}
	return q, err
}

// followUp adds a citizen's message to its question, open again if it
// was answered, with its deadlines from now.
func (c *Citizens) followUp(ctx context.Context, tx bun.Tx, q *Question, text string, at time.Time) error {
	m, err := c.addMessage(ctx, tx, q, true, text, "", at)
	if err != nil {
		return err
	}
	if q.State == Answered {
		q.State = Open
		c.setDeadlines(q, at)
	}
	q.LastAskedAt = at
	if _, err := tx.NewUpdate().Model(q).Column("state", "last_asked_at", "remind_at", "reminded_at", "escalate_at", "escalated_at").WherePK().Exec(ctx); err != nil {
		return err
	}
	return c.emit(ctx, tx, Event{Kind: "followup", Question: q, Message: m})
}

// setDeadlines sets when an open question reminds its unit and is raised
// with its government office, in office hours from at.
func (c *Citizens) setDeadlines(q *Question, at time.Time) {
	q.RemindAt, q.RemindedAt = c.cal.AddWorkingHours(at, c.opts.RemindAfter), time.Time{}
	q.EscalateAt, q.EscalatedAt = c.cal.AddWorkingHours(at, c.opts.EscalateAfter), time.Time{}
}

// ask makes a new question of a follower's message, for the account's
// host unit, and tells the follower who will answer.
func (c *Citizens) ask(ctx context.Context, acct Account, openid, text string, at time.Time) (string, error) {
	err := c.inTx(ctx, func(tx bun.Tx, _ time.Time) error {
		f, err := c.follower(ctx, tx, acct, openid, at)
		if err != nil {
			return err
		}
		q := &Question{AccountID: acct.ID, FollowerID: f.ID, OrgCode: acct.HostOrg, State: Open, AskedAt: at, LastAskedAt: at}
		c.setDeadlines(q, at)
		if _, err := tx.NewInsert().Model(q).Exec(ctx); err != nil {
			return err
		}
		m, err := c.addMessage(ctx, tx, q, true, text, "", at)
		if err != nil {
			return err
		}
		q.Follower = f
		return c.emit(ctx, tx, Event{Kind: "asked", Question: q, Message: m})
	})
	if err != nil {
		return "", err
	}
	return govmedia.Print(govmedia.Chinese, "citizens.reply.asked", "unit", c.unitName(ctx, acct.HostOrg)), nil
}

// addMessage stores a message of a question, its text sealed.
func (c *Citizens) addMessage(ctx context.Context, tx bun.Tx, q *Question, fromCitizen bool, text, author string, at time.Time) (*Message, error) {
	sealed, err := keyring.SealString(ctx, tx, c.box, textPurpose, text)
	if err != nil {
		return nil, err
	}
	state := Received
	if !fromCitizen {
		state = Sending
	}
	m := &Message{QuestionID: q.ID, FromCitizen: fromCitizen, TextSealed: sealed, Author: author, At: at, State: state, Text: text}
	_, err = tx.NewInsert().Model(m).Exec(ctx)
	return m, err
}

// unitName is an org's name for a reply ("" code when unknown).
func (c *Citizens) unitName(ctx context.Context, code string) string {
	if o, err := registry.OrgByCode(ctx, c.db, code); err == nil {
		return o.Name
	}
	return code
}
