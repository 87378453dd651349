package publish

import (
	"context"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/registry"
)

// scopeOf is the tree a publication of org may reach: the org's government
// and everything below it.
func scopeOf(ctx context.Context, db bun.IDB, org string) (string, error) {
	up, err := registry.Ancestors(ctx, db, org)
	if err != nil {
		return "", err
	}
	for _, o := range up {
		if o.Kind == registry.Government {
			return o.Code, nil
		}
	}
	return org, nil
}

// checkTargets refuses targets outside the issuing government's tree.
func (p *Publisher) checkTargets(ctx context.Context, tx bun.IDB, issuer string, t Targets) error {
	scope, err := scopeOf(ctx, tx, issuer)
	if err != nil {
		return err
	}
	tree, err := registry.Subtree(ctx, tx, scope)
	if err != nil {
		return err
	}
	in := map[string]bool{}
	for _, c := range tree {
		in[c] = true
	}
	if len(t.Accounts) == 0 && t.Org == "" && len(t.Orgs) == 0 {
		return govmedia.Errorf(govmedia.EINVALID, "publication.targets_required")
	}
	for _, org := range append([]string{t.Org}, t.Orgs...) {
		if org != "" && !in[org] {
			return govmedia.Errorf(govmedia.EFORBIDDEN, "publication.target_outside", "org", org)
		}
	}
	if t.GuidesOf != "" {
		if _, err := registry.DomainByCode(ctx, tx, t.GuidesOf); err != nil {
			return err
		}
	}
	for _, id := range t.Accounts {
		a, err := registry.AccountByID(ctx, tx, id)
		if err != nil {
			return err
		}
		if !in[a.HostOrg] || a.Platform != registry.WeChatOA {
			return govmedia.Errorf(govmedia.EINVALID, "publication.target_not_allowed", "name", a.Name)
		}
	}
	return nil
}

// target is an account a publication resolves to.
type target struct {
	ID         int64               `bun:"id"`
	Name       string              `bun:"name"`
	Kind       registry.WeChatKind `bun:"wechat_kind"`
	HasSecrets bool                `bun:"has_secrets"`
}

// resolve lists the active WeChat official accounts the targets name (and
// those in their closing notice, for a closure notice).
func resolve(ctx context.Context, db bun.IDB, t Targets) ([]target, error) {
	states := []registry.State{registry.Active}
	if t.Closing {
		states = append(states, registry.Closing)
	}
	q := db.NewSelect().TableExpr("accounts AS a").
		ColumnExpr("a.id, a.name, a.wechat_kind, EXISTS (SELECT 1 FROM wechat_credentials c WHERE c.account_id = a.id) AS has_secrets").
		Where("a.platform = ? AND a.state IN (?)", registry.WeChatOA, bun.List(states)).OrderExpr("a.id")
	switch {
	case len(t.Accounts) > 0:
		q = q.Where("a.id IN (?)", bun.List(t.Accounts))
	case len(t.Orgs) > 0:
		orgs, err := withGuides(ctx, db, t)
		if err != nil {
			return nil, err
		}
		q = q.Where("a.host_org IN (?)", bun.List(orgs))
	default:
		orgs := []string{t.Org}
		if t.Descendants {
			var err error
			if orgs, err = registry.Subtree(ctx, db, t.Org); err != nil {
				return nil, err
			}
		}
		q = q.Where("a.host_org IN (?)", bun.List(orgs))
		if len(t.Domains) > 0 {
			q = q.Where("a.domains && ?", pgArray(t.Domains))
		}
	}
	var out []target
	err := q.Scan(ctx, &out)
	return out, err
}

// withGuides are the targets' orgs, and the guiding departments of the
// domain GuidesOf names (a catalog update reaches them too).
func withGuides(ctx context.Context, db bun.IDB, t Targets) ([]string, error) {
	if t.GuidesOf == "" {
		return t.Orgs, nil
	}
	d, err := registry.DomainByCode(ctx, db, t.GuidesOf)
	if err != nil {
		return nil, err
	}
	return append(append([]string(nil), t.Orgs...), d.GuidingOrgs...), nil
}
