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
	"text/tabwriter"

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
		fmt.Fprintf(env.out, "publication %d submitted as application %d; waiting at %s\n", p.ID, app.ID, app.PendingStep().OfficeOrg)
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
		p, err := s.publisher.Publication(ctx, id)
		if err != nil {
			return err
		}
		pr, _ := s.publisher.Progress(ctx, id)
		fmt.Fprintf(env.out, "publication %d (%s, %s): %d/%d delivered, %d failed, %d skipped, %d under way\n",
			p.ID, p.Mode, p.State, pr.Delivered, pr.Total, pr.Failed, pr.Skipped, pr.Pending)
		list, err := s.publisher.Deliveries(ctx, id)
		tw := tabwriter.NewWriter(env.out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ACCOUNT\tSTATE\tATTEMPTS\tERROR\tURL")
		for _, d := range list {
			fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\n", d.Account.Name, d.State, d.Attempts, d.Error, d.ArticleURL)
		}
		return errors.Join(err, tw.Flush())
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
		fmt.Fprintf(env.out, "default cover of %s set\n", *org)
		return nil
	})
}
