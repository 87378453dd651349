package publish

import (
	"context"
	"encoding/json"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/approvals"
	"govmedia/registry"
)

// SubmitPolicy stores a policy document with its interpretations as one
// publication and sends it to the issuing government's office for review,
// in one transaction: they are reviewed on one card and, once approved,
// delivered as one draft per account, the policy first. A policy without
// an interpretation, or with more than a draft holds beside it (7), is
// refused. Errors: EFORBIDDEN (a guide), EINVALID (policy.refused, every
// problem listed).
func (p *Publisher) SubmitPolicy(ctx context.Context, by *registry.Member, pd PolicyDraft) (*Policy, *approvals.Application, error) {
	if err := CheckMayPublish(by); err != nil {
		return nil, nil, err
	}
	var pol *Policy
	var app *approvals.Application
	err := p.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		cp, err := p.checkPolicy(ctx, tx, by, pd, 0)
		if err != nil {
			return err
		}
		pub := &Publication{Kind: PolicyKind, IssuingOrg: by.OrgCode, CreatedBy: by.ID, Mode: pd.Mode, Targets: pd.Targets,
			State: InReview, CreatedAt: p.now()}
		if _, err := tx.NewInsert().Model(pub).Exec(ctx); err != nil {
			return err
		}
		if err := writePolicy(ctx, tx, pub, cp); err != nil {
			return err
		}
		summary, err := p.reviewSummary(ctx, tx, pub)
		if err != nil {
			return err
		}
		pol = cp.policy
		app, err = p.engine.SubmitTx(ctx, tx, by, PublicationKind, PolicyKind, pub.ID, summary)
		return err
	})
	return pol, app, err
}

// ResubmitPolicy replaces a returned policy, interpretations and
// attachments with pd, and sends its application back up the chain from
// the office that returned it, in one transaction.
func (p *Publisher) ResubmitPolicy(ctx context.Context, by *registry.Member, appID int64, pd PolicyDraft) (*Policy, *approvals.Application, error) {
	var pol *Policy
	var app *approvals.Application
	err := p.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var err error
		app, err = p.engine.ResubmitTx(ctx, tx, by, appID, func(app *approvals.Application) (json.RawMessage, error) {
			pub, err := loadPublication(ctx, tx, app.SubjectID)
			if err != nil || app.SubjectKind != PublicationKind || pub.Kind != PolicyKind {
				return nil, firstErr(err, govmedia.Errorf(govmedia.EINVALID, "application.revision_mismatch"))
			}
			cp, err := p.checkPolicy(ctx, tx, by, pd, pub.ID)
			if err != nil {
				return nil, err
			}
			if err := replacePolicy(ctx, tx, pub, pd, cp); err != nil {
				return nil, err
			}
			pol = cp.policy
			summary, err := p.reviewSummary(ctx, tx, pub)
			if err != nil {
				return nil, err
			}
			return json.Marshal(summary)
		})
		return err
	})
	return pol, app, err
}

// writePolicy stores a checked policy under its publication: the
// articles and body images, then the policy's own rows.
func writePolicy(ctx context.Context, tx bun.Tx, pub *Publication, cp *checkedPolicy) error {
	if err := writeContent(ctx, tx, pub, cp.articles, cp.images); err != nil {
		return err
	}
	pol := cp.policy
	pol.PublicationID = pub.ID
	issuer, err := registry.OrgByCode(ctx, tx, pol.IssuingOrg)
	if err != nil {
		return err
	}
	pol.SearchText = pol.Title + " " + pol.Number + " " + issuer.Name
	if _, err := tx.NewInsert().Model(pol).Exec(ctx); err != nil {
		return err
	}
	for _, in := range cp.interps {
		in.PublicationID = pub.ID
	}
	if _, err := tx.NewInsert().Model(&cp.interps).Exec(ctx); err != nil {
		return err
	}
	for _, a := range cp.attachments {
		a.PublicationID = pub.ID
		if _, err := tx.NewInsert().Model(a).Exec(ctx); err != nil {
			return err
		}
	}
	pol.Interpretations, pol.Publication = cp.interps, pub
	return nil
}

// replacePolicy writes a revised policy over the returned one.
func replacePolicy(ctx context.Context, tx bun.Tx, pub *Publication, pd PolicyDraft, cp *checkedPolicy) error {
	pub.Mode, pub.Targets = pd.Mode, pd.Targets
	if _, err := tx.NewUpdate().Model(pub).Column("mode", "targets").WherePK().Exec(ctx); err != nil {
		return err
	}
	for _, table := range []string{"policy_attachments", "policy_interpretations", "policies", "publication_articles", "publication_images"} {
		if _, err := tx.NewDelete().TableExpr(table).Where("publication_id = ?", pub.ID).Exec(ctx); err != nil {
			return err
		}
	}
	return writePolicy(ctx, tx, pub, cp)
}
