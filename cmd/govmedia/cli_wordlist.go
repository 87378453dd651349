package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"govmedia"
	"govmedia/oversight/content"
)

func init() {
	commands["wordlist import"] = command{"make a file (xlsx or csv: 类型, 词语, 更正为, 说明) the content check's lists in force: wordlist import FILE", runWordlistImport}
	commands["wordlist export"] = command{"write the content check's lists in force: wordlist export [--format xlsx|csv] [--out FILE]", runWordlistExport}
}

func runWordlistImport(ctx context.Context, env *cliEnv, args []string) error {
	files, err := parseFlags(flag.NewFlagSet("wordlist import", flag.ContinueOnError), args, 1)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		return err
	}
	entries, err := content.ReadFile(files[0], data)
	if err != nil {
		return err
	}
	return withApp(ctx, env, requireSchema, func(app *App) error {
		v, err := app.content.Replace(ctx, operator(), entries, files[0])
		if err != nil {
			return err
		}
		counts := map[string]int{}
		for _, e := range entries {
			counts[e.Kind]++
		}
		fmt.Fprintln(env.out, govmedia.Print(env.cfg.Lang, "cli.wordlist.imported", "version", v, "blocked", counts[content.EntryBlocked],
			"sensitive", counts[content.EntrySensitive], "corrections", counts[content.EntryCorrection], "hosts", counts[content.EntryHost]))
		return nil
	})
}

func runWordlistExport(ctx context.Context, env *cliEnv, args []string) error {
	fs := flag.NewFlagSet("wordlist export", flag.ContinueOnError)
	format := fs.String("format", "xlsx", "xlsx or csv")
	out := fs.String("out", "", "file to write (default: standard output)")
	if _, err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	return withApp(ctx, env, requireSchema, func(app *App) error {
		entries, err := app.content.Entries(ctx)
		if err != nil {
			return err
		}
		w, done, err := output(env, *out)
		if err != nil {
			return err
		}
		return done(content.WriteFile(w, *format, entries))
	})
}
