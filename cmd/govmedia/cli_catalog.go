package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"govmedia"
	"govmedia/catalog"
)

func init() {
	commands["catalog import"] = command{"catalog import --org CODE [--domain CODE] [--dry-run] FILE", runCatalogImport}
	commands["catalog export"] = command{"catalog export --org CODE [--domain CODE] --format xlsx|csv|json [--out FILE]", runCatalogExport}
	commands["catalog status"] = command{"catalog status --org CODE", runCatalogStatus}
}

// parseInterleaved parses flags that may come before or after the one
// argument (catalog import FILE --dry-run), as people type them.
func parseInterleaved(fs *flag.FlagSet, args []string) (string, error) {
	fs.SetOutput(io.Discard)
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return "", err
		}
		if fs.NArg() == 0 {
			break
		}
		rest, args = append(rest, fs.Arg(0)), fs.Args()[1:]
	}
	if len(rest) != 1 {
		return "", usageError(govmedia.Errorf(govmedia.EINVALID, "cli.args_count", "want", 1, "got", len(rest)))
	}
	return rest[0], nil
}

func runCatalogImport(ctx context.Context, env *cliEnv, args []string) error {
	fs := flag.NewFlagSet("catalog import", flag.ContinueOnError)
	org := fs.String("org", "", "the government whose catalog this is (its code)")
	domain := fs.String("domain", "", "the pilot domain of a file that names none")
	dry := fs.Bool("dry-run", false, "say what the import would do, and write nothing")
	file, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	return withApp(ctx, env, requireSchema, func(app *App) error {
		res, err := app.catalog.ImportFile(ctx, catalog.Editor{Actor: operator()}, *org, *domain, file, data, *dry)
		if err != nil {
			return err
		}
		names, err := app.registry.DomainNames(ctx)
		if err != nil {
			return err
		}
		printImport(env.out, env.cfg.Lang, res, names, *dry)
		return nil
	})
}

// printImport says what an import did: per domain its items, the draft
// written (or that nothing was), the changes against the current version,
// the county's 乡级 items a township lacks, the headers not understood.
func printImport(w io.Writer, lang govmedia.Language, res *catalog.FileImport, names map[string]string, dry bool) {
	pr := func(key string, args ...any) { fmt.Fprintln(w, govmedia.Print(lang, key, args...)) }
	if dry {
		pr("cli.catalog.dry_run")
	}
	for _, o := range res.Outcomes {
		c := catalog.Counts(o.Changes)
		state := "cli.catalog.draft"
		if o.Unchanged {
			state = "cli.catalog.unchanged"
		}
		pr("cli.catalog.domain", "domain", names[o.Domain], "items", o.Version.ItemCount, "what", govmedia.Text(state), "number", o.Version.Number,
			"added", c[catalog.Added], "changed", c[catalog.Changed], "removed", c[catalog.Removed], "moved", c[catalog.Moved])
		for _, ch := range o.Changes {
			pr("cli.catalog.change."+string(ch.Kind), "item", ch.Item.Name(), "columns", columnsOf(ch))
		}
		if len(o.Missing) > 0 {
			pr("cli.catalog.missing", "count", len(o.Missing))
			for _, it := range o.Missing {
				fmt.Fprintln(w, "    "+it.Name())
			}
		}
		if u := res.Unknown[o.Domain]; len(u) > 0 {
			pr("cli.catalog.unknown", "headers", strings.Join(u, "、"))
		}
	}
	for _, n := range res.Notes {
		pr("cli.catalog.note", "text", n)
	}
}

func columnsOf(ch catalog.Change) string {
	cols := make([]string, len(ch.Fields))
	for i, f := range ch.Fields {
		cols[i] = f.Column
	}
	return strings.Join(cols, "、")
}

func runCatalogExport(ctx context.Context, env *cliEnv, args []string) error {
	fs := flag.NewFlagSet("catalog export", flag.ContinueOnError)
	org := fs.String("org", "", "the government (its code)")
	domain := fs.String("domain", "", "one pilot domain; default every one with a current catalog")
	format := fs.String("format", "xlsx", "xlsx, csv or json")
	out := fs.String("out", "", "file to write (default: standard output)")
	if _, err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	return withApp(ctx, env, requireSchema, func(app *App) error {
		w, done, err := output(env, *out)
		if err != nil {
			return err
		}
		return done(app.catalog.ExportCurrent(ctx, w, *org, *domain, *format))
	})
}

// output is the file to write, or standard output; done closes it and
// removes a file left half-written by an error.
func output(env *cliEnv, path string) (io.Writer, func(error) error, error) {
	if path == "" {
		return env.out, func(err error) error { return err }, nil
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return nil, nil, err
	}
	return f, func(err error) error {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			_ = os.Remove(path)
		}
		return err
	}, nil
}

func runCatalogStatus(ctx context.Context, env *cliEnv, args []string) error {
	fs := flag.NewFlagSet("catalog status", flag.ContinueOnError)
	org := fs.String("org", "", "the government (its code)")
	if _, err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	return withApp(ctx, env, requireSchema, func(app *App) error {
		list, err := app.catalog.Overview(ctx, *org)
		if err != nil {
			return err
		}
		for _, st := range list {
			fmt.Fprintln(env.out, statusLine(env.cfg.Lang, st))
		}
		return nil
	})
}

func statusLine(lang govmedia.Language, st catalog.DomainStatus) string {
	line := govmedia.Print(lang, "cli.catalog.status_none", "domain", st.Domain.Name)
	if st.Current > 0 {
		line = govmedia.Print(lang, "cli.catalog.status_current", "domain", st.Domain.Name, "number", st.Current,
			"items", st.Items, "since", govmedia.FormatTime(st.CurrentSince))
	}
	if st.Open != "" {
		line += govmedia.Print(lang, "cli.catalog.status_open", "state", govmedia.Text("catalog.state."+string(st.Open)))
	}
	if st.Missing > 0 {
		line += govmedia.Print(lang, "cli.catalog.status_missing", "count", st.Missing)
	}
	return line
}
