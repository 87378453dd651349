package bot

import (
	"path/filepath"
	"strings"
	"unicode/utf8"

	"govmedia"
	"govmedia/publish"
)

// publishForm holds the answers of a publish form. When a returned
// publication is being revised, each answer may keep what it had.
type publishForm struct {
	PublicationID int64    `json:"publication_id,omitempty"` // the returned publication being revised
	OldTitle      string   `json:"old_title,omitempty"`
	OldMode       string   `json:"old_mode,omitempty"`
	Title         string   `json:"title,omitempty"`
	KeepTitle     bool     `json:"keep_title,omitempty"`
	Body          string   `json:"body,omitempty"` // typed text
	BodyFile      *fileRef `json:"body_file,omitempty"`
	BodyFormat    string   `json:"body_format,omitempty"` // html, markdown, text
	KeepBody      bool     `json:"keep_body,omitempty"`
	Cover         *fileRef `json:"cover,omitempty"` // nil: the org's default cover
	KeepCover     bool     `json:"keep_cover,omitempty"`
	Targets       string   `json:"targets,omitempty"` // tree, own, keep
	Mode          string   `json:"mode,omitempty"`    // publish, broadcast, keep
}

// keepValue is the option "keep what the returned publication had".
const keepValue = "keep"

func init() {
	formKinds["publish"] = &formKind{
		steps: func(*request, *form) []string { return []string{"title", "body", "cover", "targets", "mode"} },
		defs: map[string]stepDef{
			"title":   {prompt: ask("title"), label: "policy.field.title", options: keepOption("title"), typed: true, accept: acceptTitle},
			"body":    {prompt: ask("body"), label: "policy.field.body", options: keepOption("body"), typed: true, file: true, accept: acceptBody},
			"cover":   {prompt: ask("cover"), label: "policy.field.cover", options: keepOption("cover"), typed: true, file: true, optional: true, accept: acceptCover},
			"targets": {prompt: ask("targets"), label: "policy.field.targets", options: targetOptions, accept: func(_ *request, f *form, a answer) error { f.Publish.Targets = a.Text; return nil }},
			"mode":    {prompt: ask("mode"), label: "policy.field.mode", options: modeOptions, accept: func(_ *request, f *form, a answer) error { f.Publish.Mode = a.Text; return nil }},
		},
		summary: publishSummary,
		finish:  finishPublish,
	}
	onCommand("publish", (*request).startPublish)
}

// startPublish begins a publication of the member's org.
func (r *request) startPublish([]string) {
	if r.pub == nil {
		r.say(tr(r.lang, "bot.publish.off"), nil)
		return
	}
	if err := publish.CheckMayPublish(r.member); err != nil {
		r.fail(err)
		return
	}
	r.startForm(&form{Kind: "publish", Publish: &publishForm{}})
}

// keepOption offers, when a returned publication is being revised, to keep
// its title, body or cover as they were.
func keepOption(what string) func(*request, *form) []option {
	return func(r *request, f *form) []option {
		if f.ApplicationID == 0 {
			return nil
		}
		return []option{{keepValue, tr(r.lang, "bot.publish.keep_"+what, "title", f.Publish.OldTitle)}}
	}
}

// kept reports an answer that keeps what a revised publication had.
func kept(f *form, a answer) bool { return a.Chosen && a.Text == keepValue && f.ApplicationID != 0 }

func acceptTitle(r *request, f *form, a answer) error {
	p := f.Publish
	if p.KeepTitle = kept(f, a); p.KeepTitle {
		return nil
	}
	v := strings.TrimSpace(a.Text)
	if n := utf8.RuneCountInString(v); n == 0 || n > 32 {
		return govmedia.Errorf(govmedia.EINVALID, "bot.publish.title_length")
	}
	p.Title = v
	return nil
}

// bodyFormats are the files a body may come in.
var bodyFormats = map[string]string{".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown", ".txt": "text"}

// acceptBody takes the body as typed text, or as an .html, .md or .txt file.
func acceptBody(r *request, f *form, a answer) error {
	p := f.Publish
	if p.KeepBody = kept(f, a); p.KeepBody {
		p.Body, p.BodyFile, p.BodyFormat = "", nil, ""
		return nil
	}
	if a.File != nil {
		format := bodyFormats[strings.ToLower(filepath.Ext(a.File.Name))]
		if a.File.Photo || format == "" {
			return govmedia.Errorf(govmedia.EINVALID, "bot.publish.body_kind")
		}
		p.Body, p.BodyFile, p.BodyFormat = "", a.File, format
		return nil
	}
	p.Body, p.BodyFile, p.BodyFormat = a.Text, nil, "text"
	return nil
}

func acceptCover(r *request, f *form, a answer) error {
	p := f.Publish
	if p.KeepCover = kept(f, a); p.KeepCover {
		return nil
	}
	switch {
	case a.File != nil:
		p.Cover = a.File
	case a.Text == "":
		p.Cover = nil
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
		opts = append([]option{{keepValue, tr(r.lang, "bot.publish.keep_mode", "mode", govmedia.Text("bot.publish.mode_"+f.Publish.OldMode))}}, opts...)
	}
	return opts
}

// targets are the form's choice as publication targets.
func (r *request) targets(f *form) (publish.Targets, error) {
	switch f.Publish.Targets {
	case "own":
		return publish.Targets{Org: r.member.OrgCode}, nil
	case keepValue:
		pub, err := r.pub.Publication(r.ctx, f.Publish.PublicationID)
		if err != nil {
			return publish.Targets{}, err
		}
		return pub.Targets, nil
	}
	return r.pub.DefaultTargets(r.ctx, r.member.OrgCode)
}

// mode is the form's choice of mode, the kept one resolved.
func (p *publishForm) mode() publish.Mode {
	if p.Mode == keepValue {
		return publish.Mode(p.OldMode)
	}
	return publish.Mode(p.Mode)
}

func publishSummary(r *request, f *form) (string, error) {
	p := f.Publish
	t, err := r.targets(f)
	if err != nil {
		return "", err
	}
	pv, err := r.pub.PreviewTargets(r.ctx, r.member.OrgCode, t, p.mode())
	if err != nil {
		return "", err
	}
	title := p.Title
	if p.KeepTitle {
		title = p.OldTitle
	}
	return tr(r.lang, "bot.publish.summary", "title", title, "body", rawHTML(bodyLine(r, p)), "cover", rawHTML(coverLine(r, p)),
		"mode", govmedia.Text("bot.publish.mode_"+string(p.mode()))) + "\n" + r.previewLines(r.lang, pv), nil
}

func bodyLine(r *request, p *publishForm) string {
	switch {
	case p.KeepBody:
		return tr(r.lang, "bot.publish.body_kept")
	case p.BodyFile != nil:
		return tr(r.lang, "bot.publish.body_file", "format", p.BodyFormat)
	}
	return tr(r.lang, "bot.publish.body_text", "chars", utf8.RuneCountInString(p.Body))
}

func coverLine(r *request, p *publishForm) string {
	switch {
	case p.KeepCover:
		return tr(r.lang, "bot.publish.cover_kept")
	case p.Cover == nil:
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
		kept, err := r.pub.DraftOf(r.ctx, f.Publish.PublicationID)
		if err != nil {
			return publish.Draft{}, err
		}
		articles = kept.Articles
	}
	if err := r.fillArticle(f.Publish, &articles[0]); err != nil {
		return publish.Draft{}, err
	}
	return publish.Draft{Mode: f.Publish.mode(), Targets: t, Articles: articles}, nil
}

// fillArticle puts the form's answers into a, except those kept.
func (r *request) fillArticle(p *publishForm, a *publish.DraftArticle) error {
	if !p.KeepTitle {
		a.Title = p.Title
	}
	if !p.KeepBody {
		a.Body, a.Format, a.Images = p.Body, p.BodyFormat, nil
		if p.BodyFile != nil {
			raw, err := r.download(r.ctx, p.BodyFile.ID)
			if err != nil {
				return err
			}
			a.Body = string(raw)
		}
	}
	switch {
	case p.KeepCover:
	case p.Cover == nil:
		a.Cover, a.CoverName = nil, ""
	default:
		cover, err := r.download(r.ctx, p.Cover.ID)
		if err != nil {
			return err
		}
		a.Cover, a.CoverName = cover, ""
	}
	return nil
}

// previewLines says whom a publication reaches, and whom it cannot yet.
func (b *Bot) previewLines(lang govmedia.Language, pv *publish.Preview) string {
	s := tr(lang, "bot.publish.targets", "count", pv.Targets, "names", someNames(lang, pv.Names))
	if len(pv.NoCredentials) > 0 {
		s += "\n" + tr(lang, "bot.publish.no_credentials", "names", someNames(lang, pv.NoCredentials))
	}
	var quota []string
	for _, q := range pv.NoQuota {
		quota = append(quota, tr(lang, "bot.publish.no_quota", "name", q.Name, "at", govmedia.FormatTime(q.Returns)))
	}
	quota, _ = fitLines(quota, 800, func(n int) string { return tr(lang, "bot.list_more", "count", n) })
	return strings.Join(append([]string{s}, quota...), "\n")
}

// someNames lists names, at most a few dozen: a fan-out to thousands of
// accounts is named by its first ones and a count of the others.
func someNames(lang govmedia.Language, names []string) string {
	const shown = 20
	if len(names) <= shown {
		return strings.Join(names, "、")
	}
	return strings.Join(names[:shown], "、") + govmedia.Print(lang, "bot.names_more", "count", len(names)-shown)
}
