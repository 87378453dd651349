package citizens

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"govmedia/registry"
)

// Health is how an account (or a unit) answers its followers over a time:
// the oversight's interaction figures.
type Health struct {
	Asked         int           `bun:"asked"`
	Answered      int           `bun:"answered"`
	MedianAnswer  time.Duration `bun:"-"`
	OpenPastDue   int           `bun:"open_past_due"` // open now, past the time they are raised
	MedianSeconds float64       `bun:"median_seconds"`
	AnsweredShare float64       `bun:"-"`
}

// HealthOf says how questions asked in [from, to) of the given accounts
// were answered.
func (c *Citizens) HealthOf(ctx context.Context, accounts []int64, from, to time.Time) (Health, error) {
	var h Health
	if len(accounts) == 0 {
		return h, nil
	}
	err := c.db.NewSelect().Model((*Question)(nil)).
		ColumnExpr("count(*) AS asked").
		ColumnExpr("count(answered_at) AS answered").
		ColumnExpr("coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM answered_at - asked_at)) FILTER (WHERE answered_at IS NOT NULL), 0) AS median_seconds").
		ColumnExpr("count(*) FILTER (WHERE state = 'open' AND escalate_at < ?) AS open_past_due", c.now()).
		Where("account_id IN (?) AND asked_at >= ? AND asked_at < ?", bun.List(accounts), from, to).Scan(ctx, &h)
	h.MedianAnswer = time.Duration(h.MedianSeconds * float64(time.Second))
	if h.Asked > 0 {
		h.AnsweredShare = float64(h.Answered) / float64(h.Asked)
	}
	return h, err
}

// AccountHealth is how one account answered its followers in [from, to),
// for those who may see its figures: its unit's operators and admins, and
// the city office. Errors: ENOTFOUND, EFORBIDDEN.
func (c *Citizens) AccountHealth(ctx context.Context, m *registry.Member, accountID int64, from, to time.Time) (Health, error) {
	if err := c.checkSeeFigures(ctx, m, accountID); err != nil {
		return Health{}, err
	}
	return c.HealthOf(ctx, []int64{accountID}, from, to)
}
