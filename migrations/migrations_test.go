package migrations_test

import (
	"context"
	"os"
	"sync"
	"testing"

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

func TestRollbackThenUpRestoresSchema(t *testing.T) {
	ctx := context.Background()
	db, err := postgres.Open(ctx, pgtest.NewEmptyDatabaseURL(t), 4)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := migrations.Up(ctx, db.DB); err != nil {
		t.Fatal(err)
	}
	undone, err := migrations.Rollback(ctx, db.DB)
	if err != nil {
		t.Fatalf("rollback: %v", err)
	}
	if len(undone) != len(migrations.Migrations.Sorted()) {
		t.Fatalf("rollback undid %d migrations, want the whole first group", len(undone))
	}
	var tables int
	_ = db.NewRaw("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'bun_%'").Scan(ctx, &tables)
	if tables != 0 {
		t.Fatalf("%d tables left after rolling everything back", tables)
	}
	if _, err := migrations.Up(ctx, db.DB); err != nil {
		t.Fatalf("up after rollback: %v", err)
	}
	status, err := migrations.Status(ctx, db.DB)
	if err != nil {
		t.Fatal(err)
	}
	if len(status.Unapplied()) != 0 {
		t.Fatalf("unapplied after up: %v", status.Unapplied())
	}
}
