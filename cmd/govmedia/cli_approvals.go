package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

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
		tw := tabwriter.NewWriter(env.out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tKIND\tACTION\tSTATE\tAPPLICANT\tORG\tUPDATED")
		for _, a := range list {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", a.ID, a.SubjectKind, govmedia.Print(lang, "action."+a.Action),
				govmedia.Print(lang, "application."+string(a.State)), a.Applicant.DisplayName, a.ApplicantOrg, govmedia.FormatTime(a.UpdatedAt))
		}
		return tw.Flush()
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
	fmt.Fprintf(env.out, "#%d %s %s — %s\n", a.ID, a.SubjectKind, govmedia.Print(lang, "action."+a.Action), govmedia.Print(lang, "application."+string(a.State)))
	fmt.Fprintf(env.out, "applicant: %s (%s), submitted %s\n", a.Applicant.DisplayName, a.Applicant.Org.Name, govmedia.FormatTime(a.CreatedAt))
	if a.SubjectKind == approvals.AccountKind {
		if req, err := a.Request(); err == nil {
			printRequest(env, req)
		}
	}
	for _, s := range a.Steps {
		who := ""
		if s.Decider != nil {
			who = s.Decider.DisplayName + " " + govmedia.FormatTime(s.DecidedAt)
		}
		fmt.Fprintf(env.out, "  round %d step %d  %-28s %-8s %s %s\n", s.Round, s.Position+1, s.Office.Name,
			govmedia.Print(lang, "step."+string(s.State)), who, s.Reason)
	}
}

func printRequest(env *cliEnv, req *approvals.AccountRequest) {
	if f := req.Fields; f != nil && len(req.Changes) == 0 {
		fmt.Fprintf(env.out, "  %s %s, domains %s\n", f.Platform, f.Name, strings.Join(f.Domains, ","))
	}
	for _, c := range req.Changes {
		fmt.Fprintf(env.out, "  %s: %q → %q\n", c.Field, c.Old, c.New)
	}
	if c := req.Closure; c != nil {
		fmt.Fprintf(env.out, "  close: %s, notice %d days, successor %d\n", c.Reason, c.NoticeDays, c.SuccessorID)
	}
	for _, w := range req.Warnings {
		fmt.Fprintf(env.out, "  ! %s: %s %s\n", w.Kind, w.Accounts, w.Reason)
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
		for _, s := range steps {
			fmt.Fprintf(env.out, "application %d step %d at %s, due %s\n", s.ApplicationID, s.Position+1, s.Office.Name, govmedia.FormatTime(s.DueAt))
		}
		return nil
	})
}
