package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"govmedia"
	"govmedia/approvals"
)

func runApplicationsList(ctx context.Context, env *cliEnv, args []string) error {
	fs := flag.NewFlagSet("applications list", flag.ContinueOnError)
	state := fs.String("state", "", "pending, returned, approved, rejected or withdrawn (comma-separated)")
	org := fs.String("org", "", "the applicant's org code")
	limit := fs.Int("limit", 50, "how many, newest first")
	if _, err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	f := approvals.Filter{Org: *org, Limit: *limit}
	for _, s := range strings.FieldsFunc(*state, func(r rune) bool { return r == ',' }) {
		f.States = append(f.States, approvals.State(s))
	}
	return withApp(ctx, env, requireSchema, func(app *App) error {
		list, err := app.engine.Applications(ctx, f)
		if err != nil {
			return err
		}
		lang := env.cfg.Lang
		t := table{rows: [][]string{strings.Split(govmedia.Print(lang, "cli.head.applications"), "|")}}
		for _, a := range list {
			t.add(strconv.FormatInt(a.ID, 10), govmedia.Print(lang, "subject."+a.SubjectKind), govmedia.Print(lang, "action."+a.Action),
				govmedia.Print(lang, "application."+string(a.State)), a.Applicant.DisplayName, a.ApplicantOrg, govmedia.FormatTime(a.UpdatedAt))
		}
		return t.write(env.out)
	})
}

func runApplicationsShow(ctx context.Context, env *cliEnv, args []string) error {
	rest, err := parseFlags(flag.NewFlagSet("applications show", flag.ContinueOnError), args, 1)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(rest[0], 10, 64)
	if err != nil {
		return govmedia.Errorf(govmedia.ENOTFOUND, "application.not_found", "id", rest[0])
	}
	return withApp(ctx, env, requireSchema, func(app *App) error {
		a, err := app.engine.Application(ctx, id)
		if err != nil {
			return err
		}
		printApplication(env, a)
		return nil
	})
}

func printApplication(env *cliEnv, a *approvals.Application) {
	lang := env.cfg.Lang
	pr := func(key string, args ...any) { fmt.Fprintln(env.out, govmedia.Print(lang, key, args...)) }
	pr("cli.app.title", "id", a.ID, "kind", govmedia.Text("subject."+a.SubjectKind), "action", govmedia.Text("action."+a.Action),
		"state", govmedia.Text("application."+string(a.State)))
	pr("cli.app.applicant", "name", a.Applicant.DisplayName, "org", a.Applicant.Org.Name, "at", govmedia.FormatTime(a.CreatedAt))
	if a.SubjectKind == approvals.AccountKind {
		if req, err := a.Request(); err == nil {
			printRequest(env, req)
		}
	}
	t := table{indent: "  "}
	for _, s := range a.Steps {
		who := ""
		if s.Decider != nil {
			who = s.Decider.DisplayName + " " + govmedia.FormatTime(s.DecidedAt)
		}
		t.add(govmedia.Print(lang, "cli.app.step", "round", s.Round, "step", s.Position+1), s.Office.Name,
			govmedia.Print(lang, "step."+string(s.State)), who, s.Reason)
	}
	_ = t.write(env.out)
}

func printRequest(env *cliEnv, req *approvals.AccountRequest) {
	lang := env.cfg.Lang
	pr := func(key string, args ...any) { fmt.Fprintln(env.out, "  "+govmedia.Print(lang, key, args...)) }
	if f := req.Fields; f != nil && len(req.Changes) == 0 {
		pr("cli.app.fields", "platform", govmedia.Text("platform."+string(f.Platform)), "name", f.Name, "domains", strings.Join(f.Domains, "、"))
	}
	for _, c := range req.Changes {
		pr("cli.app.change", "field", govmedia.Text("field."+c.Field), "old", c.Old, "new", c.New)
	}
	if c := req.Closure; c != nil {
		pr("cli.app.closure", "reason", c.Reason, "days", c.NoticeDays, "successor", c.SuccessorID)
	}
	for _, w := range req.Warnings {
		pr("bot.warn."+w.Kind, "accounts", w.Accounts, "reason", w.Reason)
	}
}

func runApplicationsOverdue(ctx context.Context, env *cliEnv, args []string) error {
	if _, err := parseFlags(flag.NewFlagSet("applications overdue", flag.ContinueOnError), args, 0); err != nil {
		return err
	}
	return withApp(ctx, env, requireSchema, func(app *App) error {
		steps, err := app.engine.Overdue(ctx, govmedia.Now())
		if err != nil {
			return err
		}
		t := table{rows: [][]string{strings.Split(govmedia.Print(env.cfg.Lang, "cli.head.overdue"), "|")}}
		for _, s := range steps {
			t.add(strconv.FormatInt(s.ApplicationID, 10), strconv.Itoa(s.Position+1), s.Office.Name, govmedia.FormatTime(s.DueAt))
		}
		return t.write(env.out)
	})
}
