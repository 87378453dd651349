package main

import (
	"context"
	"flag"
	"net/http"
	"path/filepath"

	"govmedia/bot"
	"govmedia/bot/telegramtest"
	"govmedia/publish/wechattest"
	"govmedia/web/sandbox"
)

// runSandbox runs the whole service on this machine with stand-ins for the
// Telegram Bot API and the WeChat API, seeded with the sample Kunming tree
// and a few people, and serves the chat page at /sandbox.
func runSandbox(ctx context.Context, env *cliEnv, args []string) error {
	if _, err := parseFlags(flag.NewFlagSet("sandbox", flag.ContinueOnError), args, 0); err != nil {
		return err
	}
	cfg := sandboxConfig(env.cfg)
	senv := &cliEnv{cfg: cfg, log: env.log, out: env.out, err: env.err}
	// The bot reads its review groups' messages, as an administrator of
	// them does, so that a reason typed beside its question is answered.
	tg := telegramtest.New(telegramtest.Options{BotName: "政务新媒体助手", BotUsername: "govmedia_sandbox_bot", ReadAllGroupMessages: true})
	tgURL := tg.Start()
	defer tg.Close()
	// The page holds long polls open on the stand-in; closing it when the
	// service stops ends them, so that shutting down does not wait on them.
	stop := context.AfterFunc(ctx, tg.Close)
	defer stop()
	wx := wechattest.New(wechattest.Options{})
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
		s, err := startServices(ctx, app, bot.Options{Token: tg.Token(), APIURL: tgURL},
			withWeChatBinder(sandboxBinder{credentialBinder: credentialBinder{app: app}, wx: wx, callbackBase: callbackBase}))
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
		return s.run(ctx, senv, mux)
	})
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
