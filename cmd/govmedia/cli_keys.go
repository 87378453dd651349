package main

import (
	"context"
	"encoding/base64"
	"flag"
	"fmt"
	"os"
	"regexp"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/keyring"
	"govmedia/publish"
)

// rotationSteps re-seal every sealed value a rotation must carry to the
// new key: those of the domain packages (publish.RotationSteps), and the
// bot's forms in progress.
func rotationSteps() []keyring.Step {
	return append(publish.RotationSteps(), dropFormsHoldingSecrets)
}

// dropFormsHoldingSecrets is the bot forms' step until the bot contributes
// one that re-seals them: a form in progress that holds a value sealed
// under another key than the new one (an answer the bot sealed, "sealed:…",
// or an account's phone it copied, "phone:…") is deleted (its person starts
// it again) rather than left to stop opening once the handover ends.
func dropFormsHoldingSecrets(ctx context.Context, tx bun.Tx, k *keyring.Rekey) error {
	var forms []struct {
		User int64  `bun:"telegram_user_id"`
		Form string `bun:"form"`
	}
	err := tx.NewSelect().Table("bot_sessions").Column("telegram_user_id").ColumnExpr("form::text AS form").
		Where("form::text LIKE '%sealed:%' OR form::text LIKE '%phone:%'").For("UPDATE").Scan(ctx, &forms)
	if err != nil {
		return err
	}
	var stale []int64
	for _, f := range forms {
		for _, m := range formSecret.FindAllStringSubmatch(f.Form, -1) {
			raw, err := base64.StdEncoding.DecodeString(m[1])
			if err == nil && len(raw) >= 32 && govmedia.SealedFingerprint(raw) != k.Fingerprint() {
				stale = append(stale, f.User)
				break
			}
		}
	}
	if len(stale) == 0 {
		return nil
	}
	_, err = tx.ExecContext(ctx, "DELETE FROM bot_sessions WHERE telegram_user_id IN (?)", bun.In(stale))
	return err
}

// formSecret finds the sealed values of a form, as the bot writes them today.
var formSecret = regexp.MustCompile(`(?:sealed|phone):([A-Za-z0-9+/]+={0,2})`)

func runKeysRotate(ctx context.Context, env *cliEnv, args []string) error {
	fs := flag.NewFlagSet("keys rotate", flag.ContinueOnError)
	newKey := fs.String("new-key", "", "the new GOVMEDIA_SECRET_KEY (base64); the current one is GOVMEDIA_SECRET_KEY")
	if _, err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	key, err := govmedia.ParseSecretKey(*newKey)
	if err != nil {
		return fmt.Errorf("--new-key: %v", err)
	}
	return withApp(ctx, env, requireSchema, func(app *App) error {
		var n int
		err := app.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
			var err error
			n, err = keyring.Rotate(ctx, tx, app.box, key, rotationSteps()...)
			return err
		})
		if err != nil {
			return err
		}
		if path := app.localKeyPath(); path != "" {
			if err := os.WriteFile(path, []byte(*newKey+"\n"), 0o600); err != nil {
				return err
			}
			fmt.Fprintln(env.err, govmedia.Print(env.cfg.Lang, "keys.local_key_updated", "path", path))
		}
		fmt.Fprintln(env.out, govmedia.Print(env.cfg.Lang, "keys.rotated", "count", n, "fingerprint", govmedia.KeyFingerprint(key)))
		return nil
	})
}

func runKeysFinish(ctx context.Context, env *cliEnv, args []string) error {
	if _, err := parseFlags(flag.NewFlagSet("keys finish", flag.ContinueOnError), args, 0); err != nil {
		return err
	}
	return withApp(ctx, env, requireSchema, func(app *App) error {
		pending, err := keyring.Handover(ctx, app.db.DB)
		if err != nil {
			return err
		}
		if len(pending) == 0 {
			fmt.Fprintln(env.out, govmedia.Print(env.cfg.Lang, "keys.no_handover"))
			return nil
		}
		if app.ownKey != app.box.Fingerprint() {
			// This key would no longer start a replica once the handover ends.
			return govmedia.Errorf(govmedia.EINVALID, "keys.finish_with_new_key", "fingerprint", app.box.Fingerprint())
		}
		var n int
		err = app.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
			n, err = keyring.Finish(ctx, tx, app.box, rotationSteps()...)
			return err
		})
		if err != nil {
			return err
		}
		fmt.Fprintln(env.out, govmedia.Print(env.cfg.Lang, "keys.finished", "count", n, "fingerprint", app.box.Fingerprint()))
		return nil
	})
}
