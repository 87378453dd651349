// Package registry knows who exists and which accounts they run: the tree of
// governments, offices and departments, the pilot domains, the members bound
// to them through invites, and the government new-media accounts with their
// full history. Its store functions take bun.IDB so that a caller's
// transaction (an approval's, say) flows through them.
package registry

import (
	"context"
	"sync"
	"time"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/postgres"
)

var (
	isNoRows        = postgres.IsNoRows
	uniqueViolation = postgres.UniqueViolation
)

// Registry is the registry's service.
type Registry struct {
	db  *bun.DB
	box *govmedia.SecretBox
	now govmedia.Clock

	domainsMu sync.Mutex
	domains   map[string]string // code → name, read once

	closedListeners []ClosedListener // set at start, before any account closes
}

// New returns the registry over db; box seals private fields.
func New(db *bun.DB, box *govmedia.SecretBox, now govmedia.Clock) *Registry {
	if now == nil {
		now = govmedia.Now
	}
	return &Registry{db: db, box: box, now: now}
}

// DB is the registry's database handle.
func (r *Registry) DB() *bun.DB { return r.db }

// Now tells the registry's time.
func (r *Registry) Now() time.Time { return r.now() }

// inTx runs fn in one transaction.
func (r *Registry) inTx(ctx context.Context, fn func(tx bun.Tx) error) error {
	return r.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error { return fn(tx) })
}
