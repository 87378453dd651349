package main

import (
	"context"
	"errors"
	"flag"
	"net"
	"net/http"
	"time"

	"govmedia/bot"
)

func runServe(ctx context.Context, env *cliEnv, args []string) error {
	if _, err := parseFlags(flag.NewFlagSet("serve", flag.ContinueOnError), args, 0); err != nil {
		return err
	}
	return withApp(ctx, env, applySchema, func(app *App) error {
		if env.cfg.TelegramToken == "" {
			env.log.Warn("GOVMEDIA_TELEGRAM_TOKEN is not set: serving without the bot")
		}
		s, err := startServices(ctx, app, bot.Options{Token: env.cfg.TelegramToken, APIURL: env.cfg.TelegramAPIURL,
			WebhookURL: env.cfg.TelegramWebhookURL})
		if err != nil {
			return err
		}
		return s.run(ctx, env, s.web)
	})
}

// listenAndServe serves h until ctx ends, then lets requests under way
// finish for stopGrace; then it cancels their contexts and closes their
// connections.
func listenAndServe(ctx context.Context, env *cliEnv, h http.Handler) error {
	ln, err := net.Listen("tcp", env.cfg.HTTPAddr)
	if err != nil {
		return err
	}
	base, cancelRequests := context.WithCancel(context.Background())
	defer cancelRequests()
	hs := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 120 * time.Second,
		BaseContext: func(net.Listener) context.Context { return base }}
	env.log.Info("serving HTTP", "addr", ln.Addr().String())
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	env.log.Info("shutting down")
	shutdown, cancel := context.WithTimeout(context.Background(), stopGrace)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil {
		env.log.Warn("requests still under way after the grace: cancelling them", "err", err)
		cancelRequests()
		_ = hs.Close()
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
