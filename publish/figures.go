package publish

import (
	"context"
	"time"

	"github.com/uptrace/bun"
)

// LastDelivered is, per account, when a delivery through the service last
// reached it (a publish or a mass send) before a time: the last update the
// oversight counts an account's silence from. Accounts never reached are
// absent.
func LastDelivered(ctx context.Context, db bun.IDB, before time.Time) (map[int64]time.Time, error) {
	var rows []struct {
		AccountID int64     `bun:"account_id"`
		At        time.Time `bun:"at"`
	}
	err := db.NewSelect().Model((*Delivery)(nil)).ColumnExpr("account_id, max(finished_at) AS at").
		Where("state = ? AND finished_at < ?", Delivered, before).GroupExpr("account_id").Scan(ctx, &rows)
	out := make(map[int64]time.Time, len(rows))
	for _, r := range rows {
		out[r.AccountID] = r.At
	}
	return out, err
}

// DeliveryFigures are how a set of orgs' publications went in a period.
type DeliveryFigures struct {
	Publications int `bun:"publications"`
	Deliveries   int `bun:"deliveries"`
	Delivered    int `bun:"delivered"`
}

// FiguresOf counts the publications the orgs issued that were approved in
// [from, to), and how their deliveries ended.
func FiguresOf(ctx context.Context, db bun.IDB, orgs []string, from, to time.Time) (DeliveryFigures, error) {
	var f DeliveryFigures
	if len(orgs) == 0 {
		return f, nil
	}
	err := db.NewSelect().TableExpr("publications AS p").
		ColumnExpr("count(DISTINCT p.id) AS publications").
		ColumnExpr("count(d.id) AS deliveries").
		ColumnExpr("count(d.id) FILTER (WHERE d.state = ?) AS delivered", Delivered).
		Join("LEFT JOIN deliveries AS d ON d.publication_id = p.id").
		Where("p.issuing_org IN (?) AND p.approved_at >= ? AND p.approved_at < ?", bun.List(orgs), from, to).Scan(ctx, &f)
	return f, err
}
