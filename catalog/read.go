package catalog

import (
	"context"
	"time"

	"govmedia"
	"govmedia/registry"
)

// Published is a government that has current catalogs, for the public pages.
type Published struct {
	Org        string    `bun:"org_code"`
	Name       string    `bun:"name"`
	Domains    int       `bun:"domains"`
	Items      int       `bun:"items"`
	LastChange time.Time `bun:"last_change"`
}

// Published lists the governments with at least one current catalog, by
// code (the city's counties, then their townships, as the tree is coded).
func (c *Catalog) Published(ctx context.Context) ([]Published, error) {
	var out []Published
	err := c.db.NewSelect().TableExpr("catalog_versions AS v").Join("JOIN orgs AS o ON o.code = v.org_code").
		ColumnExpr("v.org_code, o.name, count(*) AS domains, sum(v.item_count) AS items, max(v.current_since) AS last_change").
		Where("v.state = ?", Current).GroupExpr("v.org_code, o.name").OrderExpr("v.org_code").Scan(ctx, &out)
	return out, err
}

// CurrentOf returns a government's current versions, in the pilot domains'
// order, each with its items.
func (c *Catalog) CurrentOf(ctx context.Context, org string) ([]*Version, error) {
	var list []*Version
	err := c.db.NewSelect().Model(&list).Join("JOIN domains AS d ON d.code = v.domain").
		Where("v.org_code = ? AND v.state = ?", org, Current).OrderExpr("d.notice_row, d.code").Scan(ctx)
	if err != nil {
		return nil, err
	}
	for _, v := range list {
		if v.Items, err = loadItems(ctx, c.db, v.ID); err != nil {
			return nil, err
		}
	}
	return list, nil
}

// Current returns a government's current version for a domain, with its
// items. Errors: ENOTFOUND.
func (c *Catalog) Current(ctx context.Context, org, domain string) (*Version, error) {
	v, err := currentVersion(ctx, c.db, org, domain, false)
	if err == nil && v == nil {
		err = govmedia.Errorf(govmedia.ENOTFOUND, "catalog.no_current", "domain", domain)
	}
	if err != nil {
		return nil, err
	}
	v.Items, err = loadItems(ctx, c.db, v.ID)
	return v, err
}

// VersionFor returns a version with its items if m may see it (current and
// superseded versions are public; m may be nil). Errors: ENOTFOUND.
func (c *Catalog) VersionFor(ctx context.Context, m *registry.Member, id int64) (*Version, error) {
	v, err := versionByID(ctx, c.db, id, false)
	if err != nil {
		return nil, err
	}
	return v, CheckSee(ctx, c.db, m, v)
}

// OpenVersion returns a government's draft or version in review for a
// domain with its items, if m may see it; nil when there is none.
func (c *Catalog) OpenVersion(ctx context.Context, m *registry.Member, org, domain string) (*Version, error) {
	v, err := openVersion(ctx, c.db, org, domain, false)
	if err != nil || v == nil {
		return nil, err
	}
	if err := CheckSee(ctx, c.db, m, v); err != nil {
		return nil, err
	}
	v.Items, err = loadItems(ctx, c.db, v.ID)
	return v, err
}

// template gathers a government's current catalogs for export.
func (c *Catalog) template(ctx context.Context, org, domain string) (Template, error) {
	gov, err := government(ctx, c.db, org)
	if err != nil {
		return Template{}, err
	}
	list, err := c.CurrentOf(ctx, org)
	if err != nil {
		return Template{}, err
	}
	names, err := c.reg.DomainNames(ctx)
	if err != nil {
		return Template{}, err
	}
	t := Template{Org: gov.Name}
	for _, v := range list {
		if domain == "" || v.Domain == domain {
			t.Domains = append(t.Domains, TemplateDomain{Domain: v.Domain, DomainName: names[v.Domain], Items: v.Items})
		}
	}
	if len(t.Domains) == 0 {
		return t, govmedia.Errorf(govmedia.ENOTFOUND, "catalog.no_current", "domain", domain)
	}
	return t, nil
}
