package catalog

import (
	"context"
	"database/sql"
	"time"

	"govmedia"
)

// What the public pages read: current versions without their items, and
// their items a page at a time, so that a page of a long catalog never
// loads the whole of it.

// LastChange is when the public catalogs last changed: the latest moment a
// version became current, of one government (org) or of all (org "").
// Zero when none is current.
func (c *Catalog) LastChange(ctx context.Context, org string) (time.Time, error) {
	var last sql.NullTime
	q := c.db.NewSelect().Model((*Version)(nil)).ColumnExpr("max(current_since)").Where("state = ?", Current)
	if org != "" {
		q = q.Where("org_code = ?", org)
	}
	err := q.Scan(ctx, &last)
	return last.Time, err
}

// CurrentVersions lists a government's current versions without their
// items, in the pilot domains' order.
func (c *Catalog) CurrentVersions(ctx context.Context, org string) ([]*Version, error) {
	var list []*Version
	err := c.db.NewSelect().Model(&list).Join("JOIN domains AS d ON d.code = v.domain").
		Where("v.org_code = ? AND v.state = ?", org, Current).OrderExpr("d.notice_row, d.code").Scan(ctx)
	return list, err
}

// CurrentVersion returns a government's current version for a domain,
// without its items. Errors: ENOTFOUND.
func (c *Catalog) CurrentVersion(ctx context.Context, org, domain string) (*Version, error) {
	v, err := currentVersion(ctx, c.db, org, domain, false)
	if err == nil && v == nil {
		err = govmedia.Errorf(govmedia.ENOTFOUND, "catalog.no_current", "domain", domain)
	}
	return v, err
}

// ItemsBetween returns the items of a public (current or superseded)
// version from place from to place to, both included (1-based).
// Errors: ENOTFOUND (a version not public).
func (c *Catalog) ItemsBetween(ctx context.Context, v *Version, from, to int) ([]Item, error) {
	if v.State != Current && v.State != Superseded {
		return nil, govmedia.Errorf(govmedia.ENOTFOUND, "catalog.version_not_found", "id", v.ID)
	}
	var rows []itemRow
	err := c.db.NewSelect().Model(&rows).Where("version_id = ? AND position BETWEEN ? AND ?", v.ID, from, to).
		OrderExpr("position").Scan(ctx)
	items := make([]Item, len(rows))
	for i, r := range rows {
		items[i] = r.Item
	}
	return items, err
}
