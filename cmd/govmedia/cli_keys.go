package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/approvals"
	"govmedia/audit"
	"govmedia/bot"
	"govmedia/citizens"
	"govmedia/keyring"
	"govmedia/registry"
	"govmedia/wechat"
)

// rotationSteps re-seal every sealed value a rotation must carry to the
// new key: the accounts' phone numbers, the phones account applications
// propose, the WeChat credentials and cached tokens (wechat.RotationSteps),
// the signatures of the audit checkpoints, and the bot's forms in progress.
func rotationSteps() []keyring.Step {
	steps := []keyring.Step{registry.ResealPhones, approvals.ResealApplicationPhones}
	steps = append(steps, wechat.RotationSteps()...)
	return append(steps, audit.ResignCheckpoints, bot.ResealForms, citizens.RotationStep)
}

func runKeysRotate(ctx context.Context, env *cliEnv, args []string) error {
	fs := flag.NewFlagSet("keys rotate", flag.ContinueOnError)
	newKey := fs.String("new-key", "", "the new GOVMEDIA_SECRET_KEY (base64); the current one is GOVMEDIA_SECRET_KEY")
	if _, err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	key, err := govmedia.ParseSecretKey(*newKey)
	if err != nil {
		return usageError(govmedia.Errorf(govmedia.EINVALID, "cli.new_key_invalid"))
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
