package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"govmedia"
	"govmedia/migrations"
)

func runMigrate(ctx context.Context, env *cliEnv, args []string) error {
	verb := "up"
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		verb, args = args[0], args[1:]
	}
	switch verb {
	case "up":
		return migrateUp(ctx, env, args)
	case "rollback":
		return migrateRollback(ctx, env, args)
	case "status":
		return migrateStatus(ctx, env, args)
	}
	return usageError(govmedia.Errorf(govmedia.EINVALID, "cli.migrate_verb", "verb", verb))
}

func migrateUp(ctx context.Context, env *cliEnv, args []string) error {
	if _, err := parseFlags(flag.NewFlagSet("migrate up", flag.ContinueOnError), args, 0); err != nil {
		return err
	}
	return withApp(ctx, env, ignoreSchema, func(app *App) error {
		applied, err := migrations.Up(ctx, app.db.DB)
		fmt.Fprintln(env.out, govmedia.Print(env.cfg.Lang, "cli.migrations_applied", "count", len(applied), "names", strings.Join(applied, "、")))
		return err
	})
}

func migrateStatus(ctx context.Context, env *cliEnv, args []string) error {
	if _, err := parseFlags(flag.NewFlagSet("migrate status", flag.ContinueOnError), args, 0); err != nil {
		return err
	}
	return withApp(ctx, env, ignoreSchema, func(app *App) error {
		all, err := migrations.Status(ctx, app.db.DB)
		var t table
		for _, m := range all {
			state := govmedia.Print(env.cfg.Lang, "cli.migration_pending")
			if m.IsApplied() {
				state = govmedia.Print(env.cfg.Lang, "cli.migration_applied", "at", govmedia.FormatTime(m.MigratedAt))
			}
			t.add(migrations.FullName(&m), state)
		}
		return errors.Join(err, t.write(env.out))
	})
}

// migrateRollback undoes the migration applied last, one per run, after
// the operator confirms it on the terminal (or with --yes); one that drops
// the audit log also needs --drop-audit-log.
func migrateRollback(ctx context.Context, env *cliEnv, args []string) error {
	fs := flag.NewFlagSet("migrate rollback", flag.ContinueOnError)
	yes := fs.Bool("yes", false, "roll back without asking (when no one is at a terminal)")
	dropAudit := fs.Bool("drop-audit-log", false, "allow rolling back a migration that drops the audit log or its checkpoints")
	if _, err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	return withApp(ctx, env, ignoreSchema, func(app *App) error {
		last, err := migrations.Last(ctx, app.db.DB)
		if err != nil {
			return err
		}
		if last == nil {
			fmt.Fprintln(env.out, govmedia.Print(env.cfg.Lang, "migrate.nothing_to_roll_back"))
			return nil
		}
		name, question := migrations.FullName(last), "migrate.confirm"
		if migrations.DropsAuditLog(last) {
			if !*dropAudit {
				return govmedia.Errorf(govmedia.EFORBIDDEN, "migrate.drops_audit_log", "name", name)
			}
			question = "migrate.confirm_audit"
		}
		if err := confirm(env, *yes, question, "name", name); err != nil {
			return err
		}
		undone, err := migrations.Rollback(ctx, app.db.DB, name, *dropAudit)
		if err != nil {
			return err
		}
		fmt.Fprintln(env.out, govmedia.Print(env.cfg.Lang, "migrate.rolled_back", "name", undone))
		return nil
	})
}
