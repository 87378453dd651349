package publish

import (
	"context"
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

// DeliveredArticle is an article a delivery put on an account.
type DeliveredArticle struct {
	Title string `bun:"title"`
	URL   string `bun:"article_url"`
}

// DeliveredArticles finds, newest first, up to limit articles delivered to
// an account whose title holds keyword (taken literally: % and _ are
// characters): what its followers ask about may be what it published.
func (p *Publisher) DeliveredArticles(ctx context.Context, accountID int64, keyword string, limit int) ([]DeliveredArticle, error) {
	var rows []DeliveredArticle
	if keyword == "" {
		return nil, nil
	}
	err := p.db.NewSelect().TableExpr("deliveries AS d").Join("JOIN publication_articles AS a ON a.publication_id = d.publication_id").
		ColumnExpr("a.title, d.article_url").Where("d.account_id = ? AND d.state = ? AND d.article_url <> '' AND a.title LIKE ?", accountID, Delivered, registry.ContainsPattern(keyword)).
		OrderExpr("d.finished_at DESC").Limit(int64(limit)).Scan(ctx, &rows)
	return rows, err
}
