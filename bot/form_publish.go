package bot

import (
	"path/filepath"
	"strings"
	"unicode/utf8"

	"govmedia"
	"govmedia/publish"
)

func init() {
	formKinds["publish"] = &formKind{
		steps: func(*request, *form) []string { return []string{"title", "body", "cover", "targets", "mode"} },
		defs: map[string]stepDef{
			"title":   {prompt: ask("title"), options: keepOption("title"), typed: true, accept: acceptTitle},
			"body":    {prompt: ask("body"), options: keepOption("body"), typed: true, file: true, accept: acceptBody},
			"cover":   {prompt: ask("cover"), options: keepOption("cover"), typed: true, file: true, optional: true, accept: acceptCover},
			"targets": {prompt: ask("targets"), options: targetOptions, accept: setValue("targets")},
			"mode":    {prompt: ask("mode"), options: modeOptions, accept: setValue("mode")},
		},
		summary: publishSummary,
		finish:  finishPublish,
	}
	commandHandlers["publish"] = (*request).startPublish
}

// startPublish begins a publication of the member's org.
func (r *request) startPublish([]string) {
	if r.pub == nil {
		r.say(tr(r.lang, "bot.publish.off"), nil)
		return
	}
	r.startForm(&form{Kind: "publish"})
}

// keepValue is the answer "keep what the returned publication had".
const keepValue = "=keep"

// keepOption offers, when a returned publication is being revised, to keep
// its title, body or cover as they were.
func keepOption(what string) func(*request, *form) []option {
	return func(r *request, f *form) []option {
		if f.ApplicationID == 0 {
			return nil
		}
		return []option{{keepValue, tr(r.lang, "bot.publish.keep_"+what, "title", f.Values["old_title"])}}
	}
}

func acceptTitle(r *request, f *form, v string) error {
	if v == keepValue && f.ApplicationID != 0 {
		f.Values["title"] = keepValue
		return nil
	}
	if n := utf8.RuneCountInString(v); n == 0 || n > 32 || strings.HasPrefix(v, "doc:") || strings.HasPrefix(v, "photo:") {
		return govmedia.Errorf(govmedia.EINVALID, "bot.publish.title_length")
	}
	f.Values["title"] = v
	return nil
}

// acceptBody takes the body as typed text, or as an .html, .md or .txt file.
func acceptBody(r *request, f *form, v string) error {
	if v == keepValue && f.ApplicationID != 0 {
		f.Values["body"], f.Values["body_file"], f.Values["body_format"] = "", "", keepValue
		return nil
	}
	if strings.HasPrefix(v, "photo:") {
		return govmedia.Errorf(govmedia.EINVALID, "bot.publish.body_kind")
	}
	if strings.HasPrefix(v, "doc:") {
		parts := strings.SplitN(v, ":", 3)
		format := map[string]string{".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown", ".txt": "text"}[strings.ToLower(filepath.Ext(parts[2]))]
		if format == "" {
			return govmedia.Errorf(govmedia.EINVALID, "bot.publish.body_kind")
		}
		f.Values["body"], f.Values["body_file"], f.Values["body_format"] = "", parts[1], format
		return nil
	}
	f.Values["body"], f.Values["body_file"], f.Values["body_format"] = v, "", "text"
	return nil
}

func acceptCover(r *request, f *form, v string) error {
	switch {
	case v == keepValue && f.ApplicationID != 0:
		f.Values["cover"] = keepValue
	case v == "":
		f.Values["cover"] = ""
	case strings.HasPrefix(v, "photo:"):
		f.Values["cover"] = strings.TrimPrefix(v, "photo:")
	case strings.HasPrefix(v, "doc:"):
		f.Values["cover"] = strings.SplitN(v, ":", 3)[1]
	default:
		return govmedia.Errorf(govmedia.EINVALID, "bot.publish.cover_kind")
	}
	return nil
}

// targetOptions offer the issuer's accounts or its whole tree, and, in a
// revision, the returned publication's own targets (which may have come
// from the command line: a list, or only some domains).
func targetOptions(r *request, f *form) []option {
	opts := []option{{"tree", govmedia.Print(r.lang, "bot.publish.target_tree")}, {"own", govmedia.Print(r.lang, "bot.publish.target_own")}}
	if f.ApplicationID != 0 {
		opts = append([]option{{keepValue, govmedia.Print(r.lang, "bot.publish.keep_targets")}}, opts...)
	}
	return opts
}

func modeOptions(r *request, f *form) []option {
	opts := []option{{string(publish.Publish), govmedia.Print(r.lang, "bot.publish.mode_publish")},
		{string(publish.Broadcast), govmedia.Print(r.lang, "bot.publish.mode_broadcast")}}
	if f.ApplicationID != 0 {
		opts = append([]option{{keepValue, tr(r.lang, "bot.publish.keep_mode", "mode", govmedia.Text("bot.publish.mode_"+f.Values["old_mode"]))}}, opts...)
	}
	return opts
}

// targets are the form's choice as publication targets.
func (r *request) targets(f *form) (publish.Targets, error) {
	switch f.Values["targets"] {
	case "own":
		return publish.Targets{Org: r.member.OrgCode}, nil
	case keepValue:
		pub, err := r.pub.Publication(r.ctx, f.PublicationID)
		if err != nil {
			return publish.Targets{}, err
		}
		return pub.Targets, nil
	}
	return r.pub.DefaultTargets(r.ctx, r.member.OrgCode)
}

// mode is the form's choice of mode, the kept one resolved.
func mode(f *form) publish.Mode {
	if m := f.Values["mode"]; m != keepValue {
		return publish.Mode(m)
	}
	return publish.Mode(f.Values["old_mode"])
}

func publishSummary(r *request, f *form) (string, error) {
	t, err := r.targets(f)
	if err != nil {
		return "", err
	}
	pv, err := r.pub.PreviewTargets(r.ctx, r.member.OrgCode, t, mode(f))
	if err != nil {
		return "", err
	}
	title := f.Values["title"]
	if title == keepValue {
		title = f.Values["old_title"]
	}
	return tr(r.lang, "bot.publish.summary", "title", title, "body", rawHTML(bodyLine(r, f)), "cover", rawHTML(coverLine(r, f)),
		"mode", govmedia.Text("bot.publish.mode_"+string(mode(f)))) + "\n" + r.previewLines(r.lang, pv), nil
}

func bodyLine(r *request, f *form) string {
	switch {
	case f.Values["body_format"] == keepValue:
		return tr(r.lang, "bot.publish.body_kept")
	case f.Values["body_file"] != "":
		return tr(r.lang, "bot.publish.body_file", "format", f.Values["body_format"])
	}
	return tr(r.lang, "bot.publish.body_text", "chars", utf8.RuneCountInString(f.Values["body"]))
}

func coverLine(r *request, f *form) string {
	switch f.Values["cover"] {
	case keepValue:
		return tr(r.lang, "bot.publish.cover_kept")
	case "":
		return tr(r.lang, "bot.publish.cover_default")
	}
	return tr(r.lang, "bot.publish.cover_given")
}

func finishPublish(r *request, f *form) error {
	d, err := r.draft(f)
	if err != nil {
		return err
	}
	if f.ApplicationID != 0 {
		_, app, err := r.pub.Resubmit(r.ctx, r.member, f.ApplicationID, d)
		if err != nil {
			return err
		}
		r.say(tr(r.lang, "bot.resubmitted", "id", app.ID, "office", r.officeName(r.ctx, app.PendingStep().OfficeOrg)), nil)
		return nil
	}
	p, app, err := r.pub.Submit(r.ctx, r.member, d)
	if err != nil {
		return err
	}
	r.say(tr(r.lang, "bot.publish.submitted", "id", p.ID, "app", app.ID, "office", r.officeName(r.ctx, app.PendingStep().OfficeOrg)), nil)
	return nil
}

// draft builds the publication from the form, fetching its files; a
// revision starts from the returned publication and keeps what the
// author chose to keep.
func (r *request) draft(f *form) (publish.Draft, error) {
	t, err := r.targets(f)
	if err != nil {
		return publish.Draft{}, err
	}
	articles := []publish.DraftArticle{{}}
	if f.ApplicationID != 0 {
		kept, err := r.pub.DraftOf(r.ctx, f.PublicationID)
		if err != nil {
			return publish.Draft{}, err
		}
		articles = kept.Articles
	}
	if err := r.fillArticle(f, &articles[0]); err != nil {
		return publish.Draft{}, err
	}
	return publish.Draft{Mode: mode(f), Targets: t, Articles: articles}, nil
}

// fillArticle puts the form's answers into a, except those kept.
func (r *request) fillArticle(f *form, a *publish.DraftArticle) error {
	if v := f.Values["title"]; v != keepValue {
		a.Title = v
	}
	if f.Values["body_format"] != keepValue {
		a.Body, a.Format, a.Images = f.Values["body"], f.Values["body_format"], nil
		if id := f.Values["body_file"]; id != "" {
			raw, err := r.download(r.ctx, id)
			if err != nil {
				return err
			}
			a.Body = string(raw)
		}
	}
	switch id := f.Values["cover"]; id {
	case keepValue:
	case "":
		a.Cover, a.CoverName = nil, ""
	default:
		cover, err := r.download(r.ctx, id)
		if err != nil {
			return err
		}
		a.Cover, a.CoverName = cover, ""
	}
	return nil
}

// previewLines says whom a publication reaches, and whom it cannot yet.
func (b *Bot) previewLines(lang govmedia.Language, pv *publish.Preview) string {
	s := tr(lang, "bot.publish.targets", "count", pv.Targets, "names", strings.Join(pv.Names, "、"))
	if len(pv.NoCredentials) > 0 {
		s += "\n" + tr(lang, "bot.publish.no_credentials", "names", strings.Join(pv.NoCredentials, "、"))
	}
	for _, q := range pv.NoQuota {
		s += "\n" + tr(lang, "bot.publish.no_quota", "name", q.Name, "at", govmedia.FormatTime(q.Returns))
	}
	return s
}
