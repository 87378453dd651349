package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"govmedia"
	"govmedia/bot"
	"govmedia/postgres"
	"govmedia/publish"
)

// publicationFile is what `publications create --file` reads: JSON with the
// articles' files named relative to it.
type publicationFile struct {
	Member   int64           `json:"member"` // the Telegram user id of the member who submits it
	Mode     publish.Mode    `json:"mode"`
	Targets  publish.Targets `json:"targets"`
	Articles []struct {
		Title     string            `json:"title"`
		Author    string            `json:"author"`
		Digest    string            `json:"digest"`
		SourceURL string            `json:"source_url"`
		Body      string            `json:"body"`      // or body_file
		BodyFile  string            `json:"body_file"` // .html, .md or .txt
		Cover     string            `json:"cover"`     // an image file; empty: the org's default
		Images    map[string]string `json:"images"`    // name used in the body → file
	} `json:"articles"`
}

func runPublicationsCreate(ctx context.Context, env *cliEnv, args []string) error {
	fs := flag.NewFlagSet("publications create", flag.ContinueOnError)
	file := fs.String("file", "", "the publication, as JSON (see README)")
	if _, err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	pf, draft, err := readPublicationFile(*file)
	if err != nil {
		return err
	}
	return withServices(ctx, env, func(s *services) error {
		m, err := s.app.registry.MemberByTelegram(ctx, pf.Member)
		if err != nil {
			return err
		}
		p, app, err := s.publisher.Submit(ctx, m.ActedForBy(operator()), draft)
		if err != nil {
			return err
		}
		fmt.Fprintln(env.out, govmedia.Print(env.cfg.Lang, "cli.publication_submitted", "id", p.ID, "app", app.ID,
			"office", officeName(ctx, s.app, app.PendingStep().OfficeOrg)))
		return nil
	})
}

func readPublicationFile(path string) (*publicationFile, publish.Draft, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, publish.Draft{}, err
	}
	pf := new(publicationFile)
	if err := json.Unmarshal(raw, pf); err != nil {
		return nil, publish.Draft{}, fmt.Errorf("%s: %w", path, err)
	}
	dir := filepath.Dir(path)
	d := publish.Draft{Mode: pf.Mode, Targets: pf.Targets}
	for _, a := range pf.Articles {
		da := publish.DraftArticle{Title: a.Title, Author: a.Author, Digest: a.Digest, SourceURL: a.SourceURL, Body: a.Body, Format: "html",
			Images: map[string][]byte{}}
		if a.BodyFile != "" {
			body, err := os.ReadFile(filepath.Join(dir, a.BodyFile))
			if err != nil {
				return nil, d, err
			}
			da.Body, da.Format = string(body), map[string]string{".md": "markdown", ".txt": "text"}[filepath.Ext(a.BodyFile)]
		}
		if a.Cover != "" {
			if da.Cover, err = os.ReadFile(filepath.Join(dir, a.Cover)); err != nil {
				return nil, d, err
			}
			da.CoverName = filepath.Base(a.Cover)
		}
		for name, f := range a.Images {
			if da.Images[name], err = os.ReadFile(filepath.Join(dir, f)); err != nil {
				return nil, d, err
			}
		}
		d.Articles = append(d.Articles, da)
	}
	return pf, d, nil
}

func runPublicationsShow(ctx context.Context, env *cliEnv, args []string) error {
	rest, err := parseFlags(flag.NewFlagSet("publications show", flag.ContinueOnError), args, 1)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(rest[0], 10, 64)
	if err != nil {
		return govmedia.Errorf(govmedia.ENOTFOUND, "publication.not_found", "id", rest[0])
	}
	return withServices(ctx, env, func(s *services) error {
		app, err := s.app.engine.Application(ctx, id)
		if err != nil || app.SubjectKind != publish.PublicationKind {
			return govmedia.Errorf(govmedia.ENOTFOUND, "publication.not_found", "id", id)
		}
		id := app.SubjectID // one number for one thing: the application's, which the chat shows
		p, err := s.publisher.Publication(ctx, id)
		if err != nil {
			return err
		}
		pr, _ := s.publisher.Progress(ctx, id)
		lang := env.cfg.Lang
		fmt.Fprintln(env.out, govmedia.Print(lang, "cli.publication_progress", "app", app.ID, "mode", govmedia.Text("mode."+string(p.Mode)),
			"state", govmedia.Text("publication."+string(p.State)), "done", pr.Delivered, "total", pr.Total, "failed", pr.Failed,
			"skipped", pr.Skipped, "pending", pr.Pending))
		list, err := s.publisher.Deliveries(ctx, id)
		t := table{rows: [][]string{strings.Split(govmedia.Print(lang, "cli.head.deliveries"), "|")}}
		for _, d := range list {
			t.add(d.Account.Name, govmedia.Print(lang, "delivery.state."+string(d.State)), strconv.Itoa(d.Attempts), d.Error, d.ArticleURL)
		}
		return errors.Join(err, t.write(env.out))
	})
}

// withServices opens the app and the publishing parts, without running them.
func withServices(ctx context.Context, env *cliEnv, fn func(*services) error) error {
	return withApp(ctx, env, requireSchema, func(app *App) error {
		q, err := postgres.NewQueue(app.db)
		if err != nil {
			return err
		}
		pub := publish.NewPublisher(app.db.DB, app.registry, app.engine, q, app.box, app.registry.Now, app.log, publish.Tuning{})
		app.catalog.OnCurrent = pub.OnCatalogCurrent(app.cfg.PublicURL)
		pub.Content = app.content
		bot.Listen(bot.Deps{DB: app.db.DB, Registry: app.registry, Engine: app.engine, Queue: q, Log: app.log, Now: app.registry.Now})
		return fn(&services{app: app, queue: q, publisher: pub})
	})
}

func runCoverSet(ctx context.Context, env *cliEnv, args []string) error {
	fs := flag.NewFlagSet("publications cover", flag.ContinueOnError)
	org := fs.String("org", "", "the org whose publications (and those of the orgs below it) use the cover")
	files, err := parseFlags(fs, args, 1)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		return err
	}
	return withServices(ctx, env, func(s *services) error {
		if err := s.publisher.SetDefaultCover(ctx, *org, data, filepath.Base(files[0])); err != nil {
			return err
		}
		fmt.Fprintln(env.out, govmedia.Print(env.cfg.Lang, "cli.cover_set", "org", officeName(ctx, s.app, *org)))
		return nil
	})
}

// officeName names an org for the person at the terminal; its code when
// it cannot be read.
func officeName(ctx context.Context, app *App, code string) string {
	if o, err := app.registry.Org(ctx, code); err == nil {
		return o.Name
	}
	return code
}
