package publish

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/registry"
)

// massQuota is how many mass sends an account may make per period: a
// subscription account one a day, a service account four a calendar month
// (China time).
func massQuota(kind registry.WeChatKind, now time.Time) (limit int, from, until time.Time) {
	t := now.In(govmedia.ChinaTime)
	if kind == registry.Service {
		from = time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, govmedia.ChinaTime)
		return 4, from, from.AddDate(0, 1, 0)
	}
	from = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, govmedia.ChinaTime)
	return 1, from, from.AddDate(0, 0, 1)
}

// quotaReturns tells when an account may mass-send again: zero if it may
// now, or the start of its next period.
func quotaReturns(ctx context.Context, db bun.IDB, accountID int64, kind registry.WeChatKind, now time.Time) (time.Time, error) {
	limit, from, until := massQuota(kind, now)
	n, err := db.NewSelect().Table("mass_sends").Where("account_id = ? AND sent_at >= ?", accountID, from).Count(ctx)
	if err != nil || int(n) < limit {
		return time.Time{}, err
	}
	return until, nil
}
