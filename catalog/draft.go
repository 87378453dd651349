package catalog

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/audit"
	"govmedia/registry"
)

// Editor is who changes a catalog: a member in chat (checked with
// CheckEdit), or an operator at the command line (Member nil).
type Editor struct {
	Actor  govmedia.Actor
	Member *registry.Member
}

// DomainItems are the items a file holds for one domain.
type DomainItems struct {
	Domain string
	Items  []Item
}

// Outcome is what an import does, or would do, to one domain's catalog.
type Outcome struct {
	Domain    string
	Version   *Version // the draft written (or that would be); the open version when Unchanged
	Unchanged bool     // the items are those of the open or current version: nothing new
	Changes   []Change // against the current version (all added when there is none)
	Missing   []Item   // a township's: the county's 乡级 items it lacks
}

// Plan says what importing would do, writing nothing (the --dry-run).
// Errors: those of Import.
func (c *Catalog) Plan(ctx context.Context, by Editor, org string, files []DomainItems) ([]Outcome, error) {
	var out []Outcome
	err := c.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var err error
		out, err = c.importTx(ctx, tx, c.now(), by, org, files, "", false)
		return err
	})
	return out, err
}

// Import makes each domain's items the draft of the government's catalog,
// in one transaction: all domains or none. Items the same as the open or
// the current version create nothing. A version in review is not replaced.
// Errors: EINVALID (every bad item, as FieldErrors), EFORBIDDEN, ECONFLICT
// (a version in review), ENOTFOUND.
func (c *Catalog) Import(ctx context.Context, by Editor, org string, files []DomainItems, source string) ([]Outcome, error) {
	var out []Outcome
	err := c.inTx(ctx, func(tx bun.Tx, now time.Time) error {
		var err error
		out, err = c.importTx(ctx, tx, now, by, org, files, source, true)
		return err
	})
	return out, err
}

func (c *Catalog) importTx(ctx context.Context, tx bun.Tx, now time.Time, by Editor, org string, files []DomainItems, source string, write bool) ([]Outcome, error) {
	if _, err := government(ctx, tx, org); err != nil {
		return nil, err
	}
	if by.Member != nil {
		if err := CheckEdit(ctx, tx, by.Member, org); err != nil {
			return nil, err
		}
	}
	var out []Outcome
	for _, f := range files {
		o, err := c.importDomain(ctx, tx, now, by, org, f, source, write)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, nil
}

// importDomain compares one domain's items with its open and current
// versions and, when write, stores them as its draft.
func (c *Catalog) importDomain(ctx context.Context, tx bun.Tx, now time.Time, by Editor, org string, f DomainItems, source string, write bool) (Outcome, error) {
	if _, err := registry.DomainByCode(ctx, tx, f.Domain); err != nil {
		return Outcome{}, err
	}
	if err := checkItems(f.Items); err != nil {
		return Outcome{}, err
	}
	// One writer at a time per catalog: two imports at once would both
	// number a new version the same.
	if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(hashtext(?))", "catalog:"+org+":"+f.Domain); err != nil {
		return Outcome{}, err
	}
	cur, err := currentVersion(ctx, tx, org, f.Domain, false)
	if err != nil {
		return Outcome{}, err
	}
	open, err := openVersion(ctx, tx, org, f.Domain, true)
	if err != nil {
		return Outcome{}, err
	}
	o := Outcome{Domain: f.Domain, Changes: Diff(itemsOf(ctx, tx, cur), f.Items)}
	o.Missing, err = c.missing(ctx, tx, org, f.Domain, f.Items)
	if err != nil {
		return o, err
	}
	hash := itemsHash(f.Items)
	switch {
	case open != nil && string(open.ItemsHash) == string(hash), open == nil && cur != nil && string(cur.ItemsHash) == string(hash):
		o.Unchanged, o.Version = true, firstOf(open, cur)
		return o, nil
	case open != nil && open.State == InReview:
		return o, govmedia.Errorf(govmedia.ECONFLICT, "catalog.in_review", "number", open.Number)
	}
	o.Version, err = c.writeDraft(ctx, tx, now, by, org, f.Domain, open, cur, f.Items, source, write)
	return o, err
}

func firstOf(a, b *Version) *Version {
	if a != nil {
		return a
	}
	return b
}

// itemsOf are a version's items, none for no version.
func itemsOf(ctx context.Context, db bun.IDB, v *Version) []Item {
	if v == nil {
		return nil
	}
	if v.Items == nil {
		v.Items, _ = loadItems(ctx, db, v.ID)
	}
	return v.Items
}

// writeDraft stores items as the open draft (replacing its items) or as a
// new draft version, and records it in the audit log.
func (c *Catalog) writeDraft(ctx context.Context, tx bun.Tx, now time.Time, by Editor, org, domain string, open, cur *Version, items []Item, source string, write bool) (*Version, error) {
	v := open
	if v == nil {
		n, err := nextNumber(ctx, tx, org, domain)
		if err != nil {
			return nil, err
		}
		v = &Version{OrgCode: org, Domain: domain, Number: n, State: Draft, CreatedBy: by.Actor.String(), CreatedAt: now}
		if cur != nil {
			v.BasedOn = cur.ID
		}
	}
	v.Items, v.ItemsHash, v.ItemCount, v.Source, v.UpdatedAt = items, itemsHash(items), len(items), source, now
	if !write {
		return v, nil
	}
	if _, err := tx.NewInsert().Model(v).On("CONFLICT (id) DO UPDATE").
		Set("items_hash = EXCLUDED.items_hash, item_count = EXCLUDED.item_count, source = EXCLUDED.source, updated_at = EXCLUDED.updated_at").
		Returning("id").Exec(ctx); err != nil {
		return nil, err
	}
	if err := writeItems(ctx, tx, v); err != nil {
		return nil, err
	}
	return v, audit.Append(ctx, tx, now, by.Actor, "catalog_version", itoa(v.ID), "catalog.draft",
		map[string]any{"org": org, "domain": domain, "number": v.Number, "items": len(items), "source": source})
}

func nextNumber(ctx context.Context, tx bun.Tx, org, domain string) (int, error) {
	var n int
	err := tx.NewSelect().Model((*Version)(nil)).ColumnExpr("coalesce(max(number), 0) + 1").
		Where("org_code = ? AND domain = ?", org, domain).Scan(ctx, &n)
	return n, err
}
