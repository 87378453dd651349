package migrations_test

import (
	"context"
	"os"
	"strings"
	"sync"
	"testing"

	"govmedia"
	"govmedia/migrations"
	"govmedia/postgres"
	"govmedia/postgres/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }

func TestConcurrentStartsApplyEachMigrationOnce(t *testing.T) {
	ctx := context.Background()
	url := pgtest.NewEmptyDatabaseURL(t)
	const instances = 4
	var wg sync.WaitGroup
	applied := make([][]string, instances)
	errs := make([]error, instances)
	for i := range instances {
		db, err := postgres.Open(ctx, url, 4)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		wg.Add(1)
		go func() {
			defer wg.Done()
			applied[i], errs[i] = migrations.Up(ctx, db.DB)
		}()
	}
	wg.Wait()
	total := 0
	for i := range instances {
		if errs[i] != nil {
			t.Fatalf("instance %d: %v", i, errs[i])
		}
		total += len(applied[i])
	}
	want := len(migrations.Migrations.Sorted())
	if total != want {
		t.Fatalf("instances applied %d migrations in all, want each of the %d exactly once", total, want)
	}
	db, _ := postgres.Open(ctx, url, 2)
	defer db.Close()
	var rows int
	if err := db.NewRaw("SELECT count(*) FROM bun_migrations").Scan(ctx, &rows); err != nil {
		t.Fatal(err)
	}
	if rows != want {
		t.Fatalf("bun_migrations has %d rows, want %d", rows, want)
	}
}

func TestRollbackUndoesOneMigrationAtATimeAndKeepsTheAuditLog(t *testing.T) {
	ctx := context.Background()
	db, err := postgres.Open(ctx, pgtest.NewEmptyDatabaseURL(t), 4)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := migrations.Up(ctx, db.DB); err != nil {
		t.Fatal(err)
	}
	all := migrations.Migrations.Sorted()
	if _, err := migrations.Rollback(ctx, db.DB, "20000101000000_not_it", true); govmedia.ErrorCode(err) != govmedia.ECONFLICT {
		t.Fatalf("rollback of a migration that is not the last: %v, want ECONFLICT", err)
	}
	audits := 0
	for i := len(all) - 1; i >= 0; i-- {
		last, err := migrations.Last(ctx, db.DB)
		if err != nil || last == nil || migrations.FullName(last) != migrations.FullName(&all[i]) {
			t.Fatalf("last applied = %v (%v), want %s", last, err, migrations.FullName(&all[i]))
		}
		name := migrations.FullName(last)
		if migrations.DropsAuditLog(last) {
			audits++
			_, err := migrations.Rollback(ctx, db.DB, name, false)
			if govmedia.ErrorCode(err) != govmedia.EFORBIDDEN || !strings.Contains(govmedia.ErrorMessage(govmedia.English, err), "--drop-audit-log") {
				t.Fatalf("rolling back %s without --drop-audit-log: %v, want a refusal naming the flag", name, err)
			}
			if n := unapplied(t, db); n != len(all)-1-i {
				t.Fatalf("the refused rollback of %s changed the schema: %d unapplied", name, n)
			}
		}
		undone, err := migrations.Rollback(ctx, db.DB, name, true)
		if err != nil || undone != name {
			t.Fatalf("rollback = %q, %v; want %s", undone, err, name)
		}
		if n := unapplied(t, db); n != len(all)-i {
			t.Fatalf("after rolling back %s, %d migrations are unapplied, want %d: one at a time", name, n, len(all)-i)
		}
	}
	if audits < 2 {
		t.Fatalf("%d migrations were found to drop the audit log or its checkpoints, want at least 2", audits)
	}
	if _, err := migrations.Rollback(ctx, db.DB, "", false); govmedia.ErrorCode(err) != govmedia.ENOTFOUND {
		t.Fatalf("rollback with nothing applied: %v, want ENOTFOUND", err)
	}
	var tables int
	_ = db.NewRaw("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'bun_%'").Scan(ctx, &tables)
	if tables != 0 {
		t.Fatalf("%d tables left after rolling everything back", tables)
	}
	if _, err := migrations.Up(ctx, db.DB); err != nil {
		t.Fatalf("up after rollback: %v", err)
	}
	if n := unapplied(t, db); n != 0 {
		t.Fatalf("%d unapplied after up", n)
	}
}

func unapplied(t *testing.T, db *postgres.DB) int {
	t.Helper()
	status, err := migrations.Status(context.Background(), db.DB)
	if err != nil {
		t.Fatal(err)
	}
	return len(status.Unapplied())
}
