// Package pgtest gives each test its own PostgreSQL database, cloned from a
// template that holds the migrated schema. The server is the one named by
// GOVMEDIA_TEST_DATABASE_URL, or else a private one started for the test
// binary. Packages run in parallel: the template is built once, under an
// advisory lock, and reused until the migrations change.
package pgtest

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"

	"govmedia/migrations"
	"govmedia/postgres"
)

var (
	setupOnce sync.Once
	setupErr  error
	admin     string // connection string of the server's maintenance database
	template  string
	private   *postgres.Server
	privDir   string
	counter   atomic.Int64
)

// Run runs a package's tests and stops the private server, if one was
// started. Call it from TestMain: os.Exit(pgtest.Run(m)).
func Run(m *testing.M) int {
	code := m.Run()
	if private != nil {
		_ = private.Stop()
		_ = os.RemoveAll(privDir)
	}
	return code
}

// NewDB returns a fresh migrated database for t, dropped when t ends.
func NewDB(t testing.TB) *postgres.DB {
	t.Helper()
	url := NewDatabaseURL(t)
	db, err := postgres.Open(context.Background(), url, 20)
	if err != nil {
		t.Fatalf("opening test database: %v", err)
	}
	t.Cleanup(db.Close)
	return db
}

// NewDatabaseURL creates a fresh migrated database for t and returns its
// connection string; the database is dropped when t ends.
func NewDatabaseURL(t testing.TB) string {
	t.Helper()
	setupOnce.Do(func() { setupErr = setup(context.Background()) })
	if setupErr != nil {
		t.Fatalf("test database server: %v", setupErr)
	}
	name := fmt.Sprintf("govmedia_test_%d_%d", os.Getpid(), counter.Add(1))
	if err := adminExec(context.Background(), fmt.Sprintf("CREATE DATABASE %s TEMPLATE %s", name, template)); err != nil {
		t.Fatalf("cloning the template: %v", err)
	}
	t.Cleanup(func() {
		if err := adminExec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("dropping %s: %v", name, err)
		}
	})
	return withDatabase(admin, name)
}

func setup(ctx context.Context) error {
	admin = os.Getenv("GOVMEDIA_TEST_DATABASE_URL")
	if admin == "" {
		dir, err := os.MkdirTemp("", "govmedia-pgtest-")
		if err != nil {
			return err
		}
		if err := os.Chmod(dir, 0o755); err != nil {
			return err
		}
		privDir = dir
		log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
		if private, err = postgres.StartTestServer(ctx, dir+"/pg", log); err != nil {
			return err
		}
		admin = private.URL()
	}
	template = "govmedia_tpl_" + migrations.Fingerprint()
	return ensureTemplate(ctx)
}

func adminExec(ctx context.Context, sql string, args ...any) error {
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, sql, args...)
	return err
}

// NewEmptyDatabaseURL creates an empty, unmigrated database for t and
// returns its connection string; it is dropped when t ends.
func NewEmptyDatabaseURL(t testing.TB) string {
	t.Helper()
	setupOnce.Do(func() { setupErr = setup(context.Background()) })
	if setupErr != nil {
		t.Fatalf("test database server: %v", setupErr)
	}
	name := fmt.Sprintf("govmedia_test_%d_%d", os.Getpid(), counter.Add(1))
	sql := fmt.Sprintf("CREATE DATABASE %s TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'", name)
	if err := adminExec(context.Background(), sql); err != nil {
		t.Fatalf("creating an empty database: %v", err)
	}
	t.Cleanup(func() { _ = adminExec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)") })
	return withDatabase(admin, name)
}
