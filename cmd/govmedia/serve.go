package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"time"

	"govmedia/bot"
)

func runServe(ctx context.Context, env *cliEnv, args []string) error {
	if _, err := parseFlags(flag.NewFlagSet("serve", flag.ContinueOnError), args, 0); err != nil {
		return err
	}
	env.cfg.HTTPAddr = env.cfg.listenAddr(serveAddr)
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

// serveMetrics serves /metrics on GOVMEDIA_METRICS_ADDR until ctx ends;
// the channel is closed once it has stopped.
func serveMetrics(ctx context.Context, env *cliEnv, h http.Handler) (<-chan struct{}, error) {
	ln, err := net.Listen("tcp", env.cfg.MetricsAddr)
	if err != nil {
		return nil, fmt.Errorf("GOVMEDIA_METRICS_ADDR: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", h)
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	env.log.Info("serving metrics", "addr", ln.Addr().String())
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := hs.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			env.log.Error("serving metrics", "err", err)
		}
	}()
	context.AfterFunc(ctx, func() { _ = hs.Close() })
	return done, nil
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
