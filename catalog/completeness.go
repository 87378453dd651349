package catalog

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"govmedia/registry"
)

// missing lists, for a township's items, the items its county's current
// catalog marks 乡级 that the township lacks (as the seed asks counties to
// audit their townships: 对照本级政府目录标准). A county misses nothing.
func (c *Catalog) missing(ctx context.Context, db bun.IDB, org, domain string, items []Item) ([]Item, error) {
	o, err := registry.OrgByCode(ctx, db, org)
	if err != nil || o.Level != registry.Township {
		return nil, err
	}
	county, err := currentVersion(ctx, db, o.ParentCode, domain, false)
	if err != nil || county == nil {
		return nil, err
	}
	have := map[string]bool{}
	for _, it := range items {
		have[it.Key()] = true
	}
	var out []Item
	for _, it := range itemsOf(ctx, db, county) {
		if hasLevel(it, TownshipLevel) && !have[it.Key()] {
			out = append(out, it)
		}
	}
	return out, nil
}

func hasLevel(it Item, l Level) bool {
	for _, x := range it.Levels {
		if x == l {
			return true
		}
	}
	return false
}

// DomainStatus is where one domain's catalog of a government stands.
type DomainStatus struct {
	Domain       registry.Domain
	Current      int       // the current version's number, 0 for none
	CurrentID    int64     // its id
	CurrentSince time.Time // when it became current
	Items        int       // its items
	Open         State     // the open version's state ("" for none)
	OpenID       int64     // its id
	Missing      int       // a township's: the county's 乡级 items its current version lacks
	MissingItems []Item    // those items, in the county's order
}

// Overview says, for each of the pilot domains, whether a government has a
// current catalog, what is under way, and (for a township) how many of
// its county's 乡级 items it lacks.
func (c *Catalog) Overview(ctx context.Context, org string) ([]DomainStatus, error) {
	if _, err := government(ctx, c.db, org); err != nil {
		return nil, err
	}
	domains, err := c.reg.Domains(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]DomainStatus, len(domains))
	for i, d := range domains {
		st := DomainStatus{Domain: d}
		cur, err := currentVersion(ctx, c.db, org, d.Code, false)
		if err != nil {
			return nil, err
		}
		var items []Item
		if cur != nil {
			st.Current, st.CurrentID, st.CurrentSince, st.Items = cur.Number, cur.ID, cur.CurrentSince, cur.ItemCount
			items = itemsOf(ctx, c.db, cur)
		}
		if open, err := openVersion(ctx, c.db, org, d.Code, false); err == nil && open != nil {
			st.Open, st.OpenID = open.State, open.ID
		}
		miss, err := c.missing(ctx, c.db, org, d.Code, items)
		if err != nil {
			return nil, err
		}
		st.Missing, st.MissingItems = len(miss), miss
		out[i] = st
	}
	return out, nil
}
