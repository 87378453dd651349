package main

import (
	"context"
	"flag"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"govmedia/bot"
	"govmedia/bot/telegramtest"
	"govmedia/publish"
	"govmedia/publish/wechattest"
	"govmedia/web/sandbox"
)

// runSandbox runs the whole service on this machine with stand-ins for the
// Telegram Bot API and the WeChat API, seeded with the sample Kunming tree
// and a few people, and serves the chat page at /sandbox. The stand-ins
// keep their state in the data directory, beside the database, so that a
// sandbox stopped (or killed) and started again goes on where it was.
func runSandbox(ctx context.Context, env *cliEnv, args []string) error {
	if _, err := parseFlags(flag.NewFlagSet("sandbox", flag.ContinueOnError), args, 0); err != nil {
		return err
	}
	cfg := sandboxConfig(env.cfg)
	senv := &cliEnv{cfg: cfg, log: env.log, out: env.out, err: env.err}
	tg, wx, err := openStandIns(cfg.DataDir, env)
	if err != nil {
		return err
	}
	tgURL := tg.Start()
	defer tg.Close()
	// The page holds long polls open on the stand-in; closing it when the
	// service stops ends them, so that shutting down does not wait on them.
	stop := context.AfterFunc(ctx, tg.Close)
	defer stop()
	wxURL, err := wx.Listen("127.0.0.1:0")
	if err != nil {
		return err
	}
	defer wx.Close()
	cfg.WeChatAPIURL = wxURL
	return withApp(ctx, senv, applySchema, func(app *App) error {
		people, err := seedSandbox(ctx, app, tg)
		if err != nil {
			return err
		}
		callbackBase := "http://127.0.0.1" + portOf(cfg.HTTPAddr)
		if err := seedWeChat(ctx, app, wx, callbackBase); err != nil {
			return err
		}
		app.publishing = sandboxTuning
		app.wechatBinder = sandboxBinder{credentialBinder: credentialBinder{app: app}, wx: wx, callbackBase: callbackBase}
		s, err := startServices(ctx, app, bot.Options{Token: tg.Token(), APIURL: tgURL})
		if err != nil {
			return err
		}
		if err := seedCover(ctx, s.publisher); err != nil {
			return err
		}
		mux := http.NewServeMux()
		mux.Handle("/", s.web)
		mux.Handle("/_sandbox/", tg)
		page := sandbox.Handler(func() []sandbox.Identity { return people })
		mux.Handle("/sandbox", page)
		mux.Handle("/sandbox/", page)
		env.log.Info("sandbox ready: open the chat page", "url", "http://localhost"+portOf(cfg.HTTPAddr)+"/sandbox")
		printSandboxCLI(senv, app)
		return s.run(ctx, senv, mux)
	})
}

// sandboxTuning is the publishing of the sandbox: its stand-in answers at
// once, so deliveries whose finish event never came (the sandbox was
// stopped while WeChat published) are looked for every few seconds rather
// than each minute.
var sandboxTuning = publish.Tuning{SweepEvery: 10 * time.Second}

// sandboxPublishDelay is how long the WeChat stand-in takes to publish, as
// the platform takes a few seconds: the chat shows the delivery under way.
const sandboxPublishDelay = 3 * time.Second

// openStandIns opens the stand-ins on their folders in the data directory.
// The data directory is made passable for others, as the private
// PostgreSQL makes it (its server may run as another user).
func openStandIns(dataDir string, env *cliEnv) (*telegramtest.Server, *wechattest.Server, error) {
	if err := os.MkdirAll(dataDir, 0o711); err != nil {
		return nil, nil, err
	}
	// The bot reads its review groups' messages, as an administrator of
	// them does, so that a reason typed beside its question is answered.
	tg, err := telegramtest.Open(filepath.Join(dataDir, "telegram"),
		telegramtest.Options{BotName: "政务新媒体助手", BotUsername: "govmedia_sandbox_bot", ReadAllGroupMessages: true}, env.log)
	if err != nil {
		return nil, nil, err
	}
	wx, err := wechattest.Open(filepath.Join(dataDir, "wechat"),
		wechattest.Options{PublishDelay: sandboxPublishDelay, MassSendDelay: sandboxPublishDelay}, env.log)
	if err != nil {
		return nil, nil, err
	}
	return tg, wx, nil
}

// sandboxConfig is the sandbox's own configuration: its private database
// and key under the data directory, and the loopback address unless
// GOVMEDIA_HTTP_ADDR names another (the sandbox lets anyone act as anyone).
func sandboxConfig(base *Config) *Config {
	cfg := *base
	cfg.DatabaseURL, cfg.SecretKey = "", nil
	cfg.DataDir = filepath.Join(base.DataDir, "sandbox")
	cfg.HTTPAddr = base.listenAddr(sandboxAddr)
	return &cfg
}

func portOf(addr string) string {
	if i := len(addr) - 1; i >= 0 {
		for j := i; j >= 0; j-- {
			if addr[j] == ':' {
				return addr[j:]
			}
		}
	}
	return addr
}
