package main

import (
	"context"
	"flag"
	"fmt"

	"govmedia/migrations"
)

func runMigrate(ctx context.Context, env *cliEnv, args []string) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	if err := fs.Parse(args); err != nil {
		return err
	}
	verb := "up"
	if fs.NArg() > 0 {
		verb = fs.Arg(0)
	}
	return withApp(ctx, env, ignoreSchema, func(app *App) error {
		switch verb {
		case "up":
			applied, err := migrations.Up(ctx, app.db.DB)
			fmt.Fprintf(env.out, "applied %d migrations %v\n", len(applied), applied)
			return err
		case "rollback":
			undone, err := migrations.Rollback(ctx, app.db.DB)
			fmt.Fprintf(env.out, "rolled back %d migrations %v\n", len(undone), undone)
			return err
		case "status":
			all, err := migrations.Status(ctx, app.db.DB)
			for _, m := range all {
				state := "pending"
				if m.IsApplied() {
					state = "applied " + m.MigratedAt.Format("2006-01-02 15:04")
				}
				fmt.Fprintf(env.out, "%s_%s\t%s\n", m.Name, m.Comment, state)
			}
			return err
		}
		return fmt.Errorf("unknown migrate verb %q: up, status or rollback", verb)
	})
}
