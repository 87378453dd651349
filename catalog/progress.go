package catalog

import (
	"context"
	"time"

	"govmedia/approvals"
	"govmedia/registry"
)

// Progress says, per domain, when a government's catalog first reached
// each stage of its review: the oversight's catalog milestones are met by
// these, not by a checkbox.
type Progress struct {
	Submitted    map[string]time.Time // a version was submitted
	Guided       map[string]time.Time // a version passed every guiding department of the domain
	CountyPassed map[string]time.Time // a township's version passed its county office
	Current      map[string]time.Time // a version became current
}

// Progress returns how far each domain's catalog of a government got.
func (c *Catalog) Progress(ctx context.Context, org string) (Progress, error) {
	p := Progress{Submitted: map[string]time.Time{}, Guided: map[string]time.Time{}, CountyPassed: map[string]time.Time{}, Current: map[string]time.Time{}}
	var versions []*Version
	if err := c.db.NewSelect().Model(&versions).Where("v.org_code = ? AND v.submitted_at IS NOT NULL", org).Scan(ctx); err != nil {
		return p, err
	}
	ids := make([]int64, len(versions))
	domainOf := map[int64]string{}
	for i, v := range versions {
		ids[i], domainOf[v.ID] = v.ID, v.Domain
		earliest(p.Submitted, v.Domain, v.SubmittedAt)
		earliest(p.Current, v.Domain, v.CurrentSince)
	}
	for role, into := range map[registry.Role]map[string]time.Time{registry.Guide: p.Guided, registry.Reviewer: p.CountyPassed} {
		passed, err := approvals.PassedBy(ctx, c.db, Kind, ids, role)
		if err != nil {
			return p, err
		}
		for id, at := range passed {
			earliest(into, domainOf[id], at)
		}
	}
	return p, nil
}

// earliest keeps the earliest non-zero time of a domain.
func earliest(m map[string]time.Time, domain string, at time.Time) {
	if at.IsZero() {
		return
	}
	if cur, ok := m[domain]; !ok || at.Before(cur) {
		m[domain] = at
	}
}

// CurrentAt counts the domains a government had a current catalog for at
// a time: for the quarterly bulletin.
func (c *Catalog) CurrentAt(ctx context.Context, org string, at time.Time) (int, error) {
	var n int
	err := c.db.NewSelect().Model((*Version)(nil)).ColumnExpr("count(DISTINCT v.domain)").
		Where("v.org_code = ? AND v.current_since <= ? AND (v.superseded_at IS NULL OR v.superseded_at > ?)", org, at, at).Scan(ctx, &n)
	return n, err
}
