package pgtest

import (
	"context"
	"fmt"
	"net/url"

	"github.com/jackc/pgx/v5"

	"govmedia/migrations"
	"govmedia/postgres"
)

// templateLock serialises template builds across test binaries.
const templateLock = 7_341_202_612

// ensureTemplate builds the template database unless a complete one (marked
// IS_TEMPLATE once migrated) already exists.
func ensureTemplate(ctx context.Context) error {
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", templateLock); err != nil {
		return err
	}
	defer conn.Exec(context.Background(), "SELECT pg_advisory_unlock($1)", templateLock)

	var ready bool
	err = conn.QueryRow(ctx, "SELECT datistemplate FROM pg_database WHERE datname = $1", template).Scan(&ready)
	if err == nil && ready {
		return nil
	}
	if err := dropStaleTemplates(ctx, conn); err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, fmt.Sprintf(
		"CREATE DATABASE %s TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'", template)); err != nil {
		return err
	}
	if err := migrateTemplate(ctx); err != nil {
		return fmt.Errorf("migrating the template: %w", err)
	}
	_, err = conn.Exec(ctx, fmt.Sprintf("ALTER DATABASE %s IS_TEMPLATE true", template))
	return err
}

// dropStaleTemplates drops this template if half-built, and templates of
// older schemas.
func dropStaleTemplates(ctx context.Context, conn *pgx.Conn) error {
	rows, err := conn.Query(ctx, "SELECT datname FROM pg_database WHERE datname LIKE 'govmedia\\_tpl\\_%'")
	if err != nil {
		return err
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return err
	}
	for _, name := range names {
		if _, err := conn.Exec(ctx, fmt.Sprintf("ALTER DATABASE %s IS_TEMPLATE false", name)); err != nil {
			return err
		}
		if _, err := conn.Exec(ctx, fmt.Sprintf("DROP DATABASE %s WITH (FORCE)", name)); err != nil {
			return err
		}
	}
	return nil
}

func migrateTemplate(ctx context.Context) error {
	db, err := postgres.Open(ctx, withDatabase(admin, template), 4)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = migrations.Up(ctx, db.DB)
	return err
}

// withDatabase replaces the database name of a connection string.
func withDatabase(conn, name string) string {
	u, err := url.Parse(conn)
	if err != nil || u.Scheme == "" {
		return conn + " dbname=" + name
	}
	u.Path = "/" + name
	return u.String()
}
