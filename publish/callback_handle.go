package publish

import (
	"context"
	"crypto/sha256"
	"strings"

	"govmedia"
	"govmedia/registry"
	"govmedia/wechat"
)

// AnswerJobEvents registers with cb the events that end deliveries:
// PUBLISHJOBFINISH and MASSSENDJOBFINISH. What an event says is trusted
// only when it came encrypted (its signature then covers it); a plain one
// only makes the delivery check with WeChat.
func (p *Publisher) AnswerJobEvents(cb *wechat.Callback) {
	cb.Handle("event:PUBLISHJOBFINISH", wechat.Handler{Answer: p.publishFinished})
	cb.Handle("event:MASSSENDJOBFINISH", wechat.Handler{Answer: p.massSendFinished})
}

// AnswerFollowers registers with cb what followers get until the citizens'
// domain answers them: a welcome (subscribe), the count of followers
// (subscribe, unsubscribe), and for a text the account's delivered
// articles whose titles hold it.
func (p *Publisher) AnswerFollowers(cb *wechat.Callback) {
	cb.Handle("event:subscribe", wechat.Handler{Answer: func(ctx context.Context, acc wechat.Account, m *wechat.Message) (wechat.Reply, error) {
		welcome := wechat.Reply{Text: govmedia.Print(govmedia.Chinese, "callback.welcome", "account", acc.Name)}
		return welcome, p.follow(ctx, acc.ID, m.FromUserName, true)
	}})
	cb.Handle("event:unsubscribe", wechat.Handler{Answer: func(ctx context.Context, acc wechat.Account, m *wechat.Message) (wechat.Reply, error) {
		return wechat.Reply{}, p.follow(ctx, acc.ID, m.FromUserName, false)
	}})
	cb.Handle("text", wechat.Handler{Answer: func(ctx context.Context, acc wechat.Account, m *wechat.Message) (wechat.Reply, error) {
		text, err := p.answerKeyword(ctx, acc, strings.TrimSpace(m.Content))
		return wechat.Reply{Text: text}, err
	}})
}

func (p *Publisher) publishFinished(ctx context.Context, acc wechat.Account, m *wechat.Message) (wechat.Reply, error) {
	if !m.Authentic {
		return wechat.Reply{}, p.checkSoon(ctx, acc.ID, m.Publish.PublishID, 0)
	}
	url := ""
	if len(m.Publish.ArticleURLs) > 0 {
		url = m.Publish.ArticleURLs[0]
	}
	return wechat.Reply{}, p.RecordPublishEvent(ctx, acc.ID, m.Publish.PublishID, m.Publish.PublishStatus, m.Publish.ArticleID, url)
}

func (p *Publisher) massSendFinished(ctx context.Context, acc wechat.Account, m *wechat.Message) (wechat.Reply, error) {
	if !m.Authentic {
		return wechat.Reply{}, p.checkSoon(ctx, acc.ID, 0, m.MassMsgID)
	}
	return wechat.Reply{}, p.recordMassEvent(ctx, acc.ID, m.MassMsgID, m.Status)
}

// checkSoon queues a poll of the delivery a plain finish event names.
func (p *Publisher) checkSoon(ctx context.Context, accountID, publishID, msgID int64) error {
	var ids []int64
	err := p.db.NewSelect().Model((*Delivery)(nil)).Column("id").
		Where("account_id = ? AND state = ? AND (publish_id = ? OR msg_id = ?)", accountID, Waiting, publishID, msgID).Scan(ctx, &ids)
	for _, id := range ids {
		if err == nil {
			err = p.enqueueCheck(ctx, id)
		}
	}
	return err
}

// follow records a follower coming or going; only a hash of the openid is kept.
func (p *Publisher) follow(ctx context.Context, accountID int64, openID string, followed bool) error {
	sum := sha256.Sum256([]byte("govmedia follower\x00" + openID))
	_, err := p.db.ExecContext(ctx, `INSERT INTO followers (account_id, openid_hash, followed, changed_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (account_id, openid_hash) DO UPDATE SET followed = EXCLUDED.followed, changed_at = EXCLUDED.changed_at`,
		accountID, sum[:], followed, p.now())
	return err
}

// Followers counts an account's followers as its callback has seen them.
func (p *Publisher) Followers(ctx context.Context, accountID int64) (int, error) {
	n, err := p.db.NewSelect().Table("followers").Where("account_id = ? AND followed", accountID).Count(ctx)
	return int(n), err
}

// RecordPublishEvent records how a publish ended, as WeChat's
// PUBLISHJOBFINISH event tells.
func (p *Publisher) RecordPublishEvent(ctx context.Context, accountID, publishID int64, status int, articleID, url string) error {
	d := new(Delivery)
	err := p.db.NewSelect().Model(d).Where("account_id = ? AND publish_id = ?", accountID, publishID).Scan(ctx)
	if isNoRows(err) || (err == nil && d.State.Final()) {
		return nil
	}
	if err != nil {
		return err
	}
	if err := p.publishOutcome(ctx, d, status, articleID, url); err != nil && !isWait(err) {
		return err
	}
	return nil
}

func (p *Publisher) recordMassEvent(ctx context.Context, accountID, msgID int64, status string) error {
	d := new(Delivery)
	err := p.db.NewSelect().Model(d).Where("account_id = ? AND msg_id = ?", accountID, msgID).Scan(ctx)
	if isNoRows(err) || (err == nil && d.State.Final()) {
		return nil
	}
	if err != nil {
		return err
	}
	if status == "send success" || status == "SEND_SUCCESS" || strings.HasPrefix(status, "send success") {
		return p.finish(ctx, d, Delivered, 0, "")
	}
	return p.finish(ctx, d, Failed, 0, govmedia.Print(govmedia.Chinese, "delivery.mass_failed", "status", status))
}

// answerKeyword replies to a citizen's text with the account's delivered
// articles whose titles contain it.
func (p *Publisher) answerKeyword(ctx context.Context, acc wechat.Account, keyword string) (string, error) {
	if keyword == "" || len([]rune(keyword)) > 30 {
		return govmedia.Print(govmedia.Chinese, "callback.help", "account", acc.Name), nil
	}
	var rows []struct {
		Title string `bun:"title"`
		URL   string `bun:"article_url"`
	}
	err := p.db.NewSelect().TableExpr("deliveries AS d").Join("JOIN publication_articles AS a ON a.publication_id = d.publication_id").
		ColumnExpr("a.title, d.article_url").Where("d.account_id = ? AND d.state = ? AND a.title LIKE ?", acc.ID, Delivered, registry.ContainsPattern(keyword)).
		OrderExpr("d.finished_at DESC").Limit(5).Scan(ctx, &rows)
	if err != nil || len(rows) == 0 {
		return govmedia.Print(govmedia.Chinese, "callback.nothing", "keyword", keyword), err
	}
	lines := []string{govmedia.Print(govmedia.Chinese, "callback.found", "keyword", keyword)}
	for _, r := range rows {
		lines = append(lines, "《"+r.Title+"》 "+r.URL)
	}
	return strings.Join(lines, "\n"), nil
}
