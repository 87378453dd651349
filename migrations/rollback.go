package migrations

import (
	"context"
	"fmt"
	"regexp"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/migrate"

	"govmedia"
)

// Last returns the migration applied last, the one Rollback undoes; nil
// when none is applied.
func Last(ctx context.Context, db *bun.DB) (*migrate.Migration, error) {
	var last *migrate.Migration
	err := withLock(ctx, db, func(m *migrate.Migrator) error {
		var err error
		last, err = lastApplied(ctx, m)
		return err
	})
	return last, err
}

// lastApplied is the newest migration of the newest group: bun applies a
// group in name order, so it is the one applied last.
func lastApplied(ctx context.Context, m *migrate.Migrator) (*migrate.Migration, error) {
	all, err := m.MigrationsWithStatus(ctx)
	if err != nil {
		return nil, err
	}
	group := all.LastGroup()
	if len(group.Migrations) == 0 {
		return nil, nil
	}
	return &group.Migrations[len(group.Migrations)-1], nil
}

// Rollback undoes one migration: the one applied last, which must be the
// one named expected (as Last returned it, and the operator confirmed), so
// that a migration applied meanwhile is never undone unseen. It refuses a
// migration whose down drops the audit log or its checkpoints unless
// dropAuditLog is set. It returns the name of the migration undone.
// Errors: ENOTFOUND (none applied), ECONFLICT (another migration is now the
// last), EFORBIDDEN (it drops the audit log).
func Rollback(ctx context.Context, db *bun.DB, expected string, dropAuditLog bool) (string, error) {
	var undone string
	err := withLock(ctx, db, func(m *migrate.Migrator) error {
		mig, err := lastApplied(ctx, m)
		switch {
		case err != nil:
			return err
		case mig == nil:
			return govmedia.Errorf(govmedia.ENOTFOUND, "migrate.nothing_applied")
		case FullName(mig) != expected:
			return govmedia.Errorf(govmedia.ECONFLICT, "migrate.last_changed", "name", FullName(mig), "expected", expected)
		case DropsAuditLog(mig) && !dropAuditLog:
			return govmedia.Errorf(govmedia.EFORBIDDEN, "migrate.drops_audit_log", "name", FullName(mig))
		}
		if mig.Down != nil {
			if err := mig.Down(ctx, m, mig); err != nil {
				return fmt.Errorf("%s: down: %w", FullName(mig), err)
			}
		}
		undone = FullName(mig)
		return m.MarkUnapplied(ctx, mig)
	})
	return undone, err
}

// FullName is a migration's name as its files are named: timestamp_comment.
func FullName(m *migrate.Migration) string { return m.Name + "_" + m.Comment }

// dropsAudit matches SQL that drops the audit log or its checkpoints.
var dropsAudit = regexp.MustCompile(`(?is)\bDROP\s+TABLE\b[^;]*\baudit_(log|checkpoints)\b`)

// DropsAuditLog reports whether undoing m drops the audit log or its
// checkpoints, as its down file says.
func DropsAuditLog(m *migrate.Migration) bool {
	for _, name := range []string{FullName(m) + ".tx.down.sql", FullName(m) + ".down.sql"} {
		if raw, err := sqlFiles.ReadFile(name); err == nil && dropsAudit.Match(raw) {
			return true
		}
	}
	return false
}
