package publish

import (
	"context"
	"crypto/sha256"
	"strings"

	"govmedia"
	"govmedia/registry"
)

// handleInbound acts on one message or event and returns the text to
// reply with, "" for none. The content of an event is trusted only when
// it came encrypted (its signature then covers it); a plain one only
// makes the delivery check with WeChat.
func (p *Publisher) handleInbound(ctx context.Context, acc callbackAccount, m *inbound, authentic bool) (string, error) {
	var err error
	reply := ""
	switch {
	case m.MsgType == "event" && m.Event == "subscribe":
		err = p.follow(ctx, acc.ID, m.FromUserName, true)
		reply = govmedia.Print(govmedia.Chinese, "callback.welcome", "account", acc.Name)
	case m.MsgType == "event" && m.Event == "unsubscribe":
		err = p.follow(ctx, acc.ID, m.FromUserName, false)
	case m.MsgType == "event" && m.Event == "PUBLISHJOBFINISH" && authentic:
		err = p.RecordPublishEvent(ctx, acc.ID, m.Publish.PublishID, m.Publish.PublishStatus, m.Publish.ArticleID, firstItemURL(m))
	case m.MsgType == "event" && m.Event == "MASSSENDJOBFINISH" && authentic:
		err = p.recordMassEvent(ctx, acc.ID, m.MassMsgID, m.Status)
	case m.MsgType == "event" && (m.Event == "PUBLISHJOBFINISH" || m.Event == "MASSSENDJOBFINISH"):
		err = p.checkSoon(ctx, acc.ID, m.Publish.PublishID, m.MassMsgID)
	case m.MsgType == "text":
		reply, err = p.answerKeyword(ctx, acc, strings.TrimSpace(m.Content))
	}
	if err != nil {
		p.log.Error("handling a WeChat callback", "account", acc.ID, "event", m.Event, "err", err)
	}
	return reply, err
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

func firstItemURL(m *inbound) string {
	if items := m.Publish.ArticleDetail.Item; len(items) > 0 {
		return items[0].URL
	}
	return ""
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
func (p *Publisher) answerKeyword(ctx context.Context, acc callbackAccount, keyword string) (string, error) {
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
