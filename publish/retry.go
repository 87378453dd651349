package publish

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/registry"
)

// RetryFailed sends the failed deliveries of a publication again, from
// where each stopped. Members of the issuing org and of its government's
// office may ask. It returns how many it sent again.
func (p *Publisher) RetryFailed(ctx context.Context, by *registry.Member, pubID int64) (int, error) {
	pub, err := loadPublication(ctx, p.db, pubID)
	if err != nil {
		return 0, err
	}
	if err := p.mayFollow(ctx, by, pub); err != nil {
		return 0, err
	}
	n := 0
	err = p.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var failed []*Delivery
		if err := tx.NewSelect().Model(&failed).Where("publication_id = ? AND state = ?", pubID, Failed).For("UPDATE").Scan(ctx); err != nil {
			return err
		}
		for _, d := range failed {
			d.State, d.Error, d.ErrorCode, d.FinishedAt, d.UpdatedAt = Queued, "", 0, time.Time{}, p.now()
			if _, err := tx.NewUpdate().Model(d).Column("state", "error", "error_code", "finished_at", "updated_at").WherePK().Exec(ctx); err != nil {
				return err
			}
			if err := p.queue.InsertTx(ctx, tx, deliveryArgs{DeliveryID: d.ID, Round: d.Attempts + 1}, nil); err != nil {
				return err
			}
		}
		n = len(failed)
		if n > 0 {
			_, err := tx.NewUpdate().Model(pub).Set("state = ?", Delivering).WherePK().Exec(ctx)
			return err
		}
		return nil
	})
	return n, err
}

// mayFollow lets members of the issuing org, and of its government's
// office, act on a publication.
func (p *Publisher) mayFollow(ctx context.Context, m *registry.Member, pub *Publication) error {
	if m.OrgCode == pub.IssuingOrg {
		return nil
	}
	scope, err := scopeOf(ctx, p.db, pub.IssuingOrg)
	if err != nil {
		return err
	}
	office, err := registry.OfficeOf(ctx, p.db, scope)
	if err == nil && office != nil && office.Code == m.OrgCode {
		return nil
	}
	// Not "not yours": a forged request learns nothing, not even that it exists.
	return govmedia.Errorf(govmedia.ENOTFOUND, "publication.not_found", "id", pub.ID)
}

// Publications lists an org's publications, newest first.
func (p *Publisher) Publications(ctx context.Context, org string, limit int) ([]*Publication, error) {
	var list []*Publication
	err := p.db.NewSelect().Model(&list).Relation("Articles", func(q *bun.SelectQuery) *bun.SelectQuery {
		return q.Column("publication_id", "position", "title")
	}).Where("issuing_org = ?", org).OrderExpr("id DESC").Limit(int64(limit)).Scan(ctx)
	return list, err
}
