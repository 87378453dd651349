package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"govmedia"
	"govmedia/bot"
	"govmedia/postgres"
	"govmedia/registry"
)

func runOrgsImport(ctx context.Context, env *cliEnv, args []string) error {
	fs := flag.NewFlagSet("orgs import", flag.ContinueOnError)
	files, err := parseFlags(fs, args, 1)
	if err != nil {
		return err
	}
	return withApp(ctx, env, requireSchema, func(app *App) error {
		f, err := os.Open(files[0])
		if err != nil {
			return err
		}
		defer f.Close()
		rows, err := registry.ParseOrgs(f, files[0])
		if err != nil {
			return err
		}
		rep, err := app.registry.ImportOrgs(ctx, operator(), rows)
		if err != nil {
			return err
		}
		fmt.Fprintln(env.out, govmedia.Print(env.cfg.Lang, "cli.import_report", "created", rep.Created, "updated", rep.Updated, "unchanged", rep.Unchanged))
		return nil
	})
}

func runOrgsList(ctx context.Context, env *cliEnv, args []string) error {
	if _, err := parseFlags(flag.NewFlagSet("orgs list", flag.ContinueOnError), args, 0); err != nil {
		return err
	}
	return withApp(ctx, env, requireSchema, func(app *App) error {
		orgs, err := app.registry.Orgs(ctx)
		if err != nil {
			return err
		}
		depth := map[string]int{}
		lang := env.cfg.Lang
		t := table{rows: [][]string{strings.Split(govmedia.Print(lang, "cli.head.orgs"), "|")}}
		for _, o := range orgs {
			depth[o.Code] = depth[o.ParentCode] + 1
			t.add(strings.Repeat("  ", depth[o.Code]-1)+o.Name, govmedia.Print(lang, "org.kind."+string(o.Kind)),
				govmedia.Print(lang, "org.level."+string(o.Level)), o.Code)
		}
		return t.write(env.out)
	})
}

func runInviteCreate(ctx context.Context, env *cliEnv, args []string) error {
	fs := flag.NewFlagSet("invite create", flag.ContinueOnError)
	org := fs.String("org", "", "the org code the invitee joins")
	role := fs.String("role", "", "operator, reviewer, approver, guide or admin")
	ttl := fs.Duration("ttl", registry.DefaultInviteTTL, "how long the invite stays usable")
	if _, err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	r, err := registry.ParseRole(*role)
	if err != nil {
		return err
	}
	return withApp(ctx, env, requireSchema, func(app *App) error {
		code, inv, err := app.registry.CreateInvite(ctx, operator(), *org, r, *ttl)
		if err != nil {
			return err
		}
		fmt.Fprintln(env.out, code)
		fmt.Fprintln(env.err, govmedia.Print(env.cfg.Lang, "cli.invite_created", "org", inv.OrgCode, "role",
			govmedia.Text("role."+string(inv.Role)), "until", govmedia.FormatTime(inv.ExpiresAt), "code", code))
		return nil
	})
}

func runAccountsImport(ctx context.Context, env *cliEnv, args []string) error {
	files, err := parseFlags(flag.NewFlagSet("accounts import", flag.ContinueOnError), args, 1)
	if err != nil {
		return err
	}
	return withApp(ctx, env, requireSchema, func(app *App) error {
		f, err := os.Open(files[0])
		if err != nil {
			return err
		}
		defer f.Close()
		rep, err := app.registry.ImportAccounts(ctx, operator(), f, files[0])
		if err != nil {
			return err
		}
		fmt.Fprintln(env.out, govmedia.Print(env.cfg.Lang, "cli.import_report", "created", rep.Created, "updated", rep.Updated, "unchanged", rep.Unchanged))
		if len(rep.Ignored) > 0 {
			fmt.Fprintln(env.err, govmedia.Print(env.cfg.Lang, "register.ignored_columns", "headers", strings.Join(rep.Ignored, "、")))
		}
		return nil
	})
}

func runAccountsExport(ctx context.Context, env *cliEnv, args []string) error {
	fs := flag.NewFlagSet("accounts export", flag.ContinueOnError)
	format := fs.String("format", "csv", "csv or xlsx")
	out := fs.String("out", "", "file to write (default: standard output)")
	if _, err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	return withApp(ctx, env, requireSchema, func(app *App) error {
		var w io.Writer = env.out
		if *out != "" {
			f, err := os.OpenFile(*out, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
			if err != nil {
				return err
			}
			defer f.Close()
			w = f
		}
		rep, err := app.registry.ExportAccounts(ctx, w, *format)
		if n := len(rep.Unreadable); n > 0 {
			fmt.Fprintln(env.err, govmedia.Print(env.cfg.Lang, "export.unreadable_rows", "count", n, "accounts", strings.Join(rep.Unreadable, "、")))
		}
		return err
	})
}

func runCloseDue(ctx context.Context, env *cliEnv, args []string) error {
	if _, err := parseFlags(flag.NewFlagSet("accounts close-due", flag.ContinueOnError), args, 0); err != nil {
		return err
	}
	return withApp(ctx, env, requireSchema, func(app *App) error {
		q, err := postgres.NewQueue(app.db)
		if err != nil {
			return err
		}
		bot.Listen(bot.Deps{DB: app.db.DB, Registry: app.registry, Engine: app.engine, Queue: q, Log: app.log, Now: app.registry.Now})
		n, err := app.registry.CloseDue(ctx)
		fmt.Fprintln(env.out, govmedia.Print(env.cfg.Lang, "cli.closed_due", "count", n))
		return err
	})
}

// withApp opens the service's parts for one command and closes them after.
func withApp(ctx context.Context, env *cliEnv, schema schemaPolicy, fn func(*App) error) error {
	app, err := openApp(ctx, env.cfg, env.log, schema)
	if err != nil {
		return err
	}
	defer app.Close()
	return fn(app)
}
