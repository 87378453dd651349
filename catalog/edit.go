package catalog

import (
	"context"
	"slices"
	"time"

	"github.com/uptrace/bun"

	"govmedia"
)

// Edit changes a government's draft for a domain one step at a time, as a
// clerk does in chat: edit receives the draft's items (the current
// version's when there is no draft yet) and returns them changed. The
// result is checked as an import is, and stored in one transaction.
// Errors: those of Import, and ECONFLICT while a version is in review.
func (c *Catalog) Edit(ctx context.Context, by Editor, org, domain string, edit func([]Item) ([]Item, error)) (*Version, error) {
	var out *Version
	err := c.inTx(ctx, func(tx bun.Tx, now time.Time) error {
		items, err := c.draftItems(ctx, tx, org, domain)
		if err != nil {
			return err
		}
		if items, err = edit(slices.Clone(items)); err != nil {
			return err
		}
		res, err := c.importTx(ctx, tx, now, by, org, []DomainItems{{Domain: domain, Items: items}}, "chat", true)
		if err != nil {
			return err
		}
		out = res[0].Version
		return nil
	})
	return out, err
}

// draftItems are the items a new edit starts from: the open draft's, else
// the current version's, else none.
func (c *Catalog) draftItems(ctx context.Context, tx bun.Tx, org, domain string) ([]Item, error) {
	open, err := openVersion(ctx, tx, org, domain, true)
	if err != nil {
		return nil, err
	}
	if open != nil {
		if open.State == InReview {
			return nil, govmedia.Errorf(govmedia.ECONFLICT, "catalog.in_review", "number", open.Number)
		}
		return loadItems(ctx, tx, open.ID)
	}
	cur, err := currentVersion(ctx, tx, org, domain, false)
	return itemsOf(ctx, tx, cur), err
}

// AddItem returns items with it added at place (1-based; 0 or past the
// end adds it last).
func AddItem(items []Item, it Item, place int) []Item {
	if place <= 0 || place > len(items) {
		return append(items, it)
	}
	return slices.Insert(items, place-1, it)
}

// ReplaceItem returns items with the item named key replaced.
// Errors: ENOTFOUND.
func ReplaceItem(items []Item, key string, it Item) ([]Item, error) {
	i := slices.IndexFunc(items, func(x Item) bool { return x.Key() == key })
	if i < 0 {
		return nil, govmedia.Errorf(govmedia.ENOTFOUND, "catalog.item_not_found")
	}
	items[i] = it
	return items, nil
}

// RemoveItem returns items without the item named key. Errors: ENOTFOUND.
func RemoveItem(items []Item, key string) ([]Item, error) {
	i := slices.IndexFunc(items, func(x Item) bool { return x.Key() == key })
	if i < 0 {
		return nil, govmedia.Errorf(govmedia.ENOTFOUND, "catalog.item_not_found")
	}
	return slices.Delete(items, i, i+1), nil
}

// EditableItems are the items an edit in chat starts from (the draft's,
// else the current version's), for one who may edit the catalog.
// Errors: EFORBIDDEN, ECONFLICT (a version in review).
func (c *Catalog) EditableItems(ctx context.Context, by Editor, org, domain string) ([]Item, error) {
	var items []Item
	err := c.inTx(ctx, func(tx bun.Tx, _ time.Time) error {
		if _, err := government(ctx, tx, org); err != nil {
			return err
		}
		if by.Member != nil {
			if err := CheckEdit(ctx, tx, by.Member, org); err != nil {
				return err
			}
		}
		var err error
		items, err = c.draftItems(ctx, tx, org, domain)
		return err
	})
	return items, err
}
