// Package migrations holds the database schema as SQL files, applied in
// name order by bun's migrator. Files named *.tx.up.sql run in a transaction.
package migrations

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"embed"
	"encoding/hex"
	"fmt"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/migrate"
)

//go:embed *.sql
var sqlFiles embed.FS

// Migrations is every migration of the service, SQL files and the job
// queue's schema.
var Migrations = migrate.NewMigrations()

func init() {
	if err := Migrations.Discover(sqlFiles); err != nil {
		panic(err)
	}
}

// lockKey is the advisory lock that serialises migrators across processes.
// A session lock is released by the server when its connection ends, so a
// crashed migrator never leaves it held (unlike bun's lock table).
const lockKey = 7_341_202_611

func newMigrator(db *bun.DB) *migrate.Migrator {
	return migrate.NewMigrator(db, Migrations, migrate.WithMarkAppliedOnSuccess(true))
}

// withLock runs fn while holding the migration lock on a dedicated connection.
func withLock(ctx context.Context, db *bun.DB, fn func(*migrate.Migrator) error) error {
	conn, err := db.DB.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", lockKey); err != nil {
		return fmt.Errorf("taking the migration lock: %w", err)
	}
	defer unlock(conn)
	m := newMigrator(db)
	if err := m.Init(ctx); err != nil {
		return err
	}
	return fn(m)
}

func unlock(conn *sql.Conn) {
	_, _ = conn.ExecContext(context.Background(), "SELECT pg_advisory_unlock($1)", lockKey)
}

// Up applies every migration not yet applied and returns their names.
func Up(ctx context.Context, db *bun.DB) ([]string, error) {
	var applied []string
	err := withLock(ctx, db, func(m *migrate.Migrator) error {
		group, err := m.Migrate(ctx)
		for _, mig := range group.Migrations {
			applied = append(applied, mig.Name+"_"+mig.Comment)
		}
		return err
	})
	return applied, err
}

// Status lists every migration with whether it is applied.
func Status(ctx context.Context, db *bun.DB) (migrate.MigrationSlice, error) {
	var all migrate.MigrationSlice
	err := withLock(ctx, db, func(m *migrate.Migrator) error {
		var err error
		all, err = m.MigrationsWithStatus(ctx)
		return err
	})
	return all, err
}

// Fingerprint identifies the schema the migrations build: it changes when
// any migration file or the job queue's schema version changes. Test
// harnesses name their template databases after it.
func Fingerprint() string {
	h := sha256.New()
	entries, _ := sqlFiles.ReadDir(".")
	for _, e := range entries {
		raw, _ := sqlFiles.ReadFile(e.Name())
		fmt.Fprintf(h, "%s\x00%d\x00", e.Name(), len(raw))
		h.Write(raw)
	}
	fmt.Fprintf(h, "river:%d", riverSchemaVersion)
	return hex.EncodeToString(h.Sum(nil))[:16]
}
