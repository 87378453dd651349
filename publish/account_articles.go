package publish

import (
	"context"
	"time"
)

// PublishedArticle is an article the public can read on an account: its
// title, its address on the platform and when it was published there.
type PublishedArticle struct {
	Title       string    `bun:"title"`
	URL         string    `bun:"article_url"`
	PublishedAt time.Time `bun:"finished_at"`
}

// RecentArticles lists, newest first, up to limit articles delivered to
// an account (each publication by its first article, whose address the
// delivery holds), for its public page.
func (p *Publisher) RecentArticles(ctx context.Context, accountID int64, limit int) ([]PublishedArticle, error) {
	var rows []PublishedArticle
	err := p.db.NewSelect().TableExpr("deliveries AS d").Join("JOIN publication_articles AS a ON a.publication_id = d.publication_id").
		ColumnExpr("a.title, d.article_url, d.finished_at").
		Where("d.account_id = ? AND d.state = ? AND d.article_url <> '' AND d.finished_at IS NOT NULL AND a.position = 0", accountID, Delivered).
		OrderExpr("d.finished_at DESC").Limit(int64(limit)).Scan(ctx, &rows)
	return rows, err
}
