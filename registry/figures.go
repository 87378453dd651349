package registry

import (
	"context"
	"time"

	"github.com/uptrace/bun"
)

// AccountFigures are what happened to a set of orgs' accounts in a period.
type AccountFigures struct {
	Opened  int `bun:"opened"`
	Changed int `bun:"changed"`
	Closed  int `bun:"closed"`
}

// AccountFiguresOf counts the accounts hosted by orgs that were opened and
// changed (by an approved application) and closed (at the end of their
// notice) in [from, to).
func AccountFiguresOf(ctx context.Context, db bun.IDB, orgs []string, from, to time.Time) (AccountFigures, error) {
	var f AccountFigures
	if len(orgs) == 0 {
		return f, nil
	}
	err := db.NewSelect().TableExpr("account_history AS h").Join("JOIN accounts AS a ON a.id = h.account_id").
		ColumnExpr("count(*) FILTER (WHERE h.action = 'account.open') AS opened").
		ColumnExpr("count(*) FILTER (WHERE h.action = 'account.change') AS changed").
		ColumnExpr("count(*) FILTER (WHERE h.action = 'account.closed') AS closed").
		Where("a.host_org IN (?) AND h.at >= ? AND h.at < ?", bun.List(orgs), from, to).Scan(ctx, &f)
	return f, err
}

// Live is an account that must keep updating: active, with its host.
type Live struct {
	ID       int64     `bun:"id"`
	Name     string    `bun:"name"`
	Platform Platform  `bun:"platform"`
	HostOrg  string    `bun:"host_org"`
	Since    time.Time `bun:"created_at"`
}

// LiveAccounts lists the active accounts (of orgs, or every one when orgs
// is empty), by id.
func LiveAccounts(ctx context.Context, db bun.IDB, orgs []string) ([]Live, error) {
	var out []Live
	q := db.NewSelect().Model((*Account)(nil)).Column("id", "name", "platform", "host_org", "created_at").
		Where("state = ?", Active).OrderExpr("id")
	if len(orgs) > 0 {
		q = q.Where("host_org IN (?)", bun.List(orgs))
	}
	err := q.Scan(ctx, &out)
	return out, err
}
