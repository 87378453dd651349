package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"govmedia"
	"govmedia/audit"
)

// checkpointInterval is how often `serve` writes an audit checkpoint.
const checkpointInterval = 5 * time.Minute

func runAuditVerify(ctx context.Context, env *cliEnv, args []string) error {
	fs := flag.NewFlagSet("audit verify", flag.ContinueOnError)
	var sources []string
	fs.Func("checkpoint", "checkpoints kept outside the database: a file or an http(s) URL (of GET /audit/checkpoints, or as audit checkpoint prints one); may be repeated",
		func(v string) error { sources = append(sources, v); return nil })
	maxAge := fs.Duration("max-age", 3*checkpointInterval, "how old the newest checkpoint may be (0: any age)")
	if _, err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	var saved []audit.Checkpoint
	for _, src := range sources {
		list, err := audit.ReadSaved(ctx, src)
		if err != nil {
			return err
		}
		saved = append(saved, list...)
	}
	return withApp(ctx, env, requireSchema, func(app *App) error {
		rep, err := audit.VerifyAnchored(ctx, app.db.DB, audit.Anchors{Box: app.box, Saved: saved, MaxAge: *maxAge, Now: govmedia.Now()})
		if err != nil {
			return err
		}
		lang := env.cfg.Lang
		if b := rep.Break; b != nil {
			return errors.New(govmedia.Print(lang, "audit.broken", "entries", rep.Entries, "reason", govmedia.Print(lang, b.Key, b.Args...)))
		}
		printVerified(env, rep)
		return nil
	})
}

// printVerified says what a verification that holds has checked.
func printVerified(env *cliEnv, rep audit.Report) {
	lang := env.cfg.Lang
	fmt.Fprintln(env.out, govmedia.Print(lang, "audit.intact", "entries", rep.Entries))
	if c := rep.Newest; c != nil {
		fmt.Fprintln(env.out, govmedia.Print(lang, "audit.anchored", "count", rep.Checkpoints, "number", c.Number, "at", govmedia.FormatTime(c.At), "seq", c.HeadSeq))
	} else {
		fmt.Fprintln(env.out, govmedia.Print(lang, "audit.no_checkpoint"))
	}
	if rep.Saved > 0 {
		fmt.Fprintln(env.out, govmedia.Print(lang, "audit.saved_ok", "count", rep.Saved))
	}
	if len(rep.Unsigned) > 0 {
		numbers := strings.Trim(fmt.Sprint(rep.Unsigned), "[]")
		fmt.Fprintln(env.out, govmedia.Print(lang, "audit.saved_key_unknown", "numbers", numbers))
	}
}

func runAuditCheckpoint(ctx context.Context, env *cliEnv, args []string) error {
	if _, err := parseFlags(flag.NewFlagSet("audit checkpoint", flag.ContinueOnError), args, 0); err != nil {
		return err
	}
	return withApp(ctx, env, requireSchema, func(app *App) error {
		c, err := audit.WriteCheckpoint(ctx, app.db.DB, app.box, govmedia.Now(), 0)
		if err != nil {
			return err
		}
		fmt.Fprintln(env.err, govmedia.Print(env.cfg.Lang, "audit.checkpoint_written", "number", c.Number, "seq", c.HeadSeq, "entries", c.Entries))
		out := json.NewEncoder(env.out)
		out.SetIndent("", "  ")
		return out.Encode(c.Public())
	})
}
