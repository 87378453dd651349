package publish

import (
	"context"

	"github.com/uptrace/bun"

	"govmedia/approvals"
	"govmedia/registry"
)

// SubmitTx is Submit inside the caller's transaction: a publication that
// another change composes (a catalog version's update notice, written in
// the transaction that makes the version current) is stored and sent for
// review with it, or not at all.
func (p *Publisher) SubmitTx(ctx context.Context, tx bun.Tx, by *registry.Member, d Draft) (*Publication, *approvals.Application, error) {
	if err := CheckMayPublish(by); err != nil {
		return nil, nil, err
	}
	if d.Kind == "" {
		d.Kind = "notice"
	}
	pub, err := p.store(ctx, tx, by, d)
	if err != nil {
		return nil, nil, err
	}
	summary, err := p.reviewSummary(ctx, tx, pub) // what the deciders see, as it stood at submission
	if err != nil {
		return nil, nil, err
	}
	app, err := p.engine.SubmitTx(ctx, tx, by, PublicationKind, d.Kind, pub.ID, summary)
	return pub, app, err
}
