package citizens

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/keyring"
)

// maxMessage bounds what a citizen's message keeps (WeChat takes 2,048
// bytes of text; a long paste is cut, not refused).
const maxMessage = 2000

// Subscribe records a new follower and returns the welcome: the unit's
// own text, or one naming the unit, the domains the account covers and
// how to ask.
func (c *Citizens) Subscribe(ctx context.Context, acct Account, openid string, at time.Time) (string, error) {
	err := c.inTx(ctx, func(tx bun.Tx, _ time.Time) error {
		f, err := c.follower(ctx, tx, acct, openid, at)
		if err != nil {
			return err
		}
		if _, err := tx.NewUpdate().Model(f).Set("subscribed = true").WherePK().Exec(ctx); err != nil {
			return err
		}
		return countDay(ctx, tx, acct.ID, at, "follows")
	})
	if err != nil {
		return "", err
	}
	return c.Welcome(ctx, acct)
}

// Unsubscribe forgets a follower, as WeChat asks of developers: its
// messages and identity are deleted; its questions keep only their times,
// for the account's answer figures.
func (c *Citizens) Unsubscribe(ctx context.Context, acct Account, openid string, at time.Time) error {
	return c.inTx(ctx, func(tx bun.Tx, _ time.Time) error {
		sig, err := keyring.Sign(ctx, tx, c.box, openIDLabel, openIDMessage(acct.ID, openid))
		if err != nil {
			return err
		}
		var ids []int64
		if err := tx.NewSelect().Model((*Follower)(nil)).Column("id").Where("account_id = ? AND openid_hash = ?", acct.ID, sig.MAC).Scan(ctx, &ids); err != nil {
			return err
		}
		if len(ids) > 0 {
			if err := forget(ctx, tx, ids); err != nil {
				return err
			}
		}
		return countDay(ctx, tx, acct.ID, at, "unfollows")
	})
}

// forget deletes followers, their messages, and their link to their
// questions (which end handled if still open).
func forget(ctx context.Context, tx bun.Tx, followers []int64) error {
	if _, err := tx.NewDelete().Model((*Message)(nil)).
		Where("question_id IN (SELECT id FROM questions WHERE follower_id IN (?))", bun.List(followers)).Exec(ctx); err != nil {
		return err
	}
	if _, err := tx.NewUpdate().Model((*Question)(nil)).Set("state = ?, handled_at = coalesce(handled_at, now()), handled_by = coalesce(handled_by, ?)", Handled, "unsubscribed").
		Where("follower_id IN (?) AND state <> ?", bun.List(followers), Handled).Exec(ctx); err != nil {
		return err
	}
	_, err := tx.NewDelete().Model((*Follower)(nil)).Where("id IN (?)", bun.List(followers)).Exec(ctx)
	return err
}

// Message takes a follower's text: it joins the follower's question in
// progress; else it is searched, and answered at once, or, when the search
// finds nothing or the follower asks for a person, it becomes a question
// for the account's unit. The reply is what to answer in the callback.
func (c *Citizens) Message(ctx context.Context, acct Account, openid, text string, at time.Time) (string, error) {
	text = cutText(strings.TrimSpace(text), maxMessage)
	if text == "" {
		return c.usage(ctx, acct)
	}
	var q *Question
	err := c.inTx(ctx, func(tx bun.Tx, now time.Time) error {
		f, err := c.follower(ctx, tx, acct, openid, at)
		if err != nil {
			return err
		}
		f.LastMessageAt, f.WindowSent, f.Subscribed = at, 0, true
		if _, err := tx.NewUpdate().Model(f).Column("last_message_at", "window_sent", "subscribed").WherePK().Exec(ctx); err != nil {
			return err
		}
		q, err = c.questionInProgress(ctx, tx, f)
		if err != nil || q == nil {
			return err
		}
		return c.followUp(ctx, tx, q, text, at)
	})
	switch {
	case err != nil:
		return "", err
	case q != nil:
		return govmedia.Print(govmedia.Chinese, "citizens.reply.followup", "unit", c.unitName(ctx, q.OrgCode)), nil
	}
	if !asksForPerson(text) {
		if hits := c.search(ctx, acct, text); len(hits) > 0 {
			return c.answerText(hits), nil
		}
	}
	return c.ask(ctx, acct, openid, text, at)
}

// cutText keeps at most n characters of s.
func cutText(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// personWords are what a follower writes to reach a person.
var personWords = []string{"人工", "客服", "咨询", "投诉", "举报", "反映", "求助", "留言", "信访", "转人工"}

func asksForPerson(text string) bool {
	for _, w := range personWords {
		if strings.Contains(text, w) {
			return true
		}
	}
	return false
}
