package migrations

import (
	"context"

	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/uptrace/bun"
)

// riverSchemaVersion is the job queue's schema version this migration
// installs. A River upgrade that needs a newer schema gets a new migration
// file that raises it, so the queue's tables follow the same sequence as ours.
const riverSchemaVersion = 8

func init() {
	Migrations.MustRegister(migrateRiver(riverSchemaVersion), migrateRiver(-1))
}

func migrateRiver(target int) func(context.Context, *bun.DB) error {
	return func(ctx context.Context, db *bun.DB) error {
		m, err := rivermigrate.New(riverdatabasesql.New(db.DB), nil)
		if err != nil {
			return err
		}
		direction := rivermigrate.DirectionUp
		opts := &rivermigrate.MigrateOpts{TargetVersion: target}
		if target < 0 {
			direction = rivermigrate.DirectionDown
		}
		// Why not one transaction: River's schema adds an enum value in one
		// version and uses it in the next, which PostgreSQL allows only
		// after a commit. River runs each version in its own transaction.
		_, err = m.Migrate(ctx, direction, opts)
		return err
	}
}
