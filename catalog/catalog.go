package catalog

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/approvals"
	"govmedia/oversight/content"
	"govmedia/registry"
)

// Kind is the approvals subject kind of a catalog version.
const Kind = "catalog_version"

// Catalog keeps the catalogs: versions, their review, search and
// completeness.
type Catalog struct {
	db     *bun.DB
	reg    *registry.Registry
	engine *approvals.Engine
	now    govmedia.Clock

	// OnCurrent runs in the transaction that makes a version current, with
	// what changed since the version it supersedes (publishing hangs the
	// catalog-update publication on it); its error refuses the approval.
	OnCurrent func(ctx context.Context, tx bun.Tx, v *Version, changes []Change, app *approvals.Application) error

	// Content, when set, checks a version's items at submission.
	Content *content.Checker
}

// New returns the catalog service and registers its review with the engine.
func New(db *bun.DB, reg *registry.Registry, engine *approvals.Engine, now govmedia.Clock) *Catalog {
	if now == nil {
		now = govmedia.Now
	}
	c := &Catalog{db: db, reg: reg, engine: engine, now: now}
	engine.Register(Kind, reviewPolicy{c: c})
	engine.Listen(c.onEvent)
	return c
}

func (c *Catalog) inTx(ctx context.Context, fn func(tx bun.Tx, now time.Time) error) error {
	return c.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error { return fn(tx, c.now()) })
}
