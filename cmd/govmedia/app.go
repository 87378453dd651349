package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"govmedia"
	"govmedia/approvals"
	"govmedia/bot"
	"govmedia/catalog"
	"govmedia/citizens"
	"govmedia/keyring"
	"govmedia/migrations"
	"govmedia/oversight"
	"govmedia/oversight/content"
	"govmedia/postgres"
	"govmedia/publish"
	"govmedia/registry"
)

// App is the service's parts, opened once per command.
type App struct {
	cfg      *Config
	log      *slog.Logger
	server   *postgres.Server // the private server, nil with DATABASE_URL
	db       *postgres.DB
	box      *govmedia.SecretBox
	ownKey   string // the fingerprint of the key this process was started with
	registry *registry.Registry
	engine   *approvals.Engine
	catalog  *catalog.Catalog
	content  *content.Checker
	citizens *citizens.Citizens // without the publisher: figures and questions, not searches
	over     *oversight.Oversight

	publishing publish.Tuning // the publisher's, when a command wants other than the defaults (the sandbox)
	// wechatBinder checks and stores the WeChat credentials the bot binds,
	// when a command wants another than the platform's (the sandbox's
	// registers new accounts on its stand-in); nil: credentialBinder.
	wechatBinder bot.CredentialBinder
}

// schemaPolicy says what opening does about unapplied migrations.
type schemaPolicy int

const (
	applySchema   schemaPolicy = iota // apply them (serve, sandbox)
	requireSchema                     // refuse to go on (other commands on a shared database)
	ignoreSchema                      // leave them (migrate itself)
)

// openApp connects to the database (starting the private server if no
// DATABASE_URL is set) and builds the domain services.
func openApp(ctx context.Context, cfg *Config, log *slog.Logger, schema schemaPolicy) (*App, error) {
	a := &App{cfg: cfg, log: log}
	url := cfg.DatabaseURL
	if url == "" {
		srv, err := postgres.StartServer(ctx, filepath.Join(cfg.DataDir, "postgres"), log)
		if err != nil {
			return nil, err
		}
		a.server, url = srv, srv.URL()
		if schema == requireSchema {
			schema = applySchema
		}
	}
	// Workers hold a connection only between their calls to Telegram and
	// WeChat: half as many connections as workers, and some for the rest.
	db, err := postgres.Open(ctx, url, int32(cfg.Workers/2+20))
	if err != nil {
		a.Close()
		return nil, err
	}
	a.db = db
	if err := a.prepare(ctx, schema); err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

func (a *App) prepare(ctx context.Context, schema schemaPolicy) error {
	if err := a.ensureSchema(ctx, schema); err != nil {
		return err
	}
	if schema == ignoreSchema {
		return nil
	}
	box, err := a.secretBox(ctx)
	if err != nil {
		return err
	}
	a.box = box
	a.registry = registry.New(a.db.DB, box, govmedia.Now)
	a.engine = approvals.New(a.db.DB, a.registry, govmedia.Now, approvals.Options{Calendar: a.calendar()})
	a.catalog = catalog.New(a.db.DB, a.registry, a.engine, govmedia.Now)
	a.content = content.NewChecker(a.db.DB, govmedia.Now)
	if u, err := url.Parse(a.cfg.PublicURL); err == nil && u.Hostname() != "" {
		a.content.Allow(u.Hostname()) // the articles the service composes link to its own pages
	}
	a.catalog.Content = a.content
	a.citizens = citizens.New(a.db.DB, a.registry, box, a.catalog, nil, a.calendar(), govmedia.Now, citizens.Options{PublicURL: a.cfg.PublicURL})
	a.over = oversight.New(a.db.DB, a.registry, a.catalog, a.citizens, a.calendar(), govmedia.Now)
	return nil
}

func (a *App) ensureSchema(ctx context.Context, schema schemaPolicy) error {
	switch schema {
	case applySchema:
		applied, err := migrations.Up(ctx, a.db.DB)
		if len(applied) > 0 {
			a.log.Info("migrations applied", "count", len(applied), "last", applied[len(applied)-1])
		}
		return err
	case requireSchema:
		status, err := migrations.Status(ctx, a.db.DB)
		if err != nil {
			return err
		}
		if n := len(status.Unapplied()); n > 0 {
			return govmedia.Errorf(govmedia.EINVALID, "cli.schema_behind", "count", n)
		}
	}
	return nil
}

func (a *App) calendar() approvals.Calendar {
	cal := approvals.Calendar{StepDays: a.cfg.StepDays, Holidays: map[string]bool{}, Workdays: map[string]bool{}}
	for _, d := range a.cfg.Holidays {
		cal.Holidays[d] = true
	}
	for _, d := range a.cfg.Workdays {
		cal.Workdays[d] = true
	}
	return cal
}

// Close closes the database and stops the private server.
func (a *App) Close() {
	if a.db != nil {
		a.db.Close()
	}
	if a.server != nil {
		if err := a.server.Stop(); err != nil {
			a.log.Warn("stopping PostgreSQL", "err", err)
		}
	}
}

// secretBox returns the keyring for GOVMEDIA_SECRET_KEY, or, with the
// private database, for a key kept beside it (localKeyPath); it learns the
// keys a rotation in progress hands over, and refuses a key from which the
// key in use cannot be reached.
func (a *App) secretBox(ctx context.Context) (*govmedia.SecretBox, error) {
	key := a.cfg.SecretKey
	if key == nil {
		if a.server == nil {
			return nil, govmedia.Errorf(govmedia.EINVALID, "config.secret_key_required")
		}
		var err error
		if key, err = localKey(a.localKeyPath()); err != nil {
			return nil, err
		}
	}
	if _, err := govmedia.NewSecretBox(key); err != nil {
		return nil, fmt.Errorf("GOVMEDIA_SECRET_KEY: %w", err)
	}
	a.ownKey = govmedia.KeyFingerprint(key)
	return keyring.Start(ctx, a.db.DB, key)
}

// localKeyPath is the key file of the private database, "" when the key
// comes from GOVMEDIA_SECRET_KEY.
func (a *App) localKeyPath() string {
	if a.cfg.SecretKey != nil || a.server == nil {
		return ""
	}
	return filepath.Join(a.cfg.DataDir, "secret.key")
}

func localKey(path string) ([]byte, error) {
	raw, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		raw = []byte(govmedia.NewSecretKey())
		if err := os.WriteFile(path, raw, 0o600); err != nil {
			return nil, err
		}
	} else if err != nil {
		return nil, err
	}
	return govmedia.ParseSecretKey(strings.TrimSpace(string(raw)))
}
