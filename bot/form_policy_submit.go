package bot

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"govmedia"
	"govmedia/approvals"
	"govmedia/publish"
)

// policyTargets are the form's choice of targets.
func (r *request) policyTargets(f *form) (publish.Targets, error) {
	if f.Policy.Targets == "own" {
		return publish.Targets{Org: r.member.OrgCode}, nil
	}
	return r.pub.DefaultTargets(r.ctx, r.member.OrgCode)
}

func policySummary(r *request, f *form) (string, error) {
	p := f.Policy
	t, err := r.policyTargets(f)
	if err != nil {
		return "", err
	}
	pv, err := r.pub.PreviewTargets(r.ctx, r.member.OrgCode, t, publish.Mode(p.Mode))
	if err != nil {
		return "", err
	}
	date, _ := time.Parse("2006-01-02", p.Date)
	s := tr(r.lang, "bot.policy.summary", "title", p.Title, "number", p.Number, "date", publish.FormatIssueDate(date),
		"domains", orDash(r.domainNames(r.ctx, p.Domains)), "body", rawHTML(policyBodyLine(r, p.Body)),
		"attachments", len(p.Attachments), "mode", govmedia.Text("bot.publish.mode_"+p.Mode))
	lines := make([]string, len(p.Interpretations))
	for i, in := range p.Interpretations {
		lines[i] = tr(r.lang, "bot.policy.summary_interpretation", "n", i+1, "form", govmedia.Text("policy.form."+string(in.Form)),
			"title", in.Title, "body", rawHTML(policyBodyLine(r, in.Body)))
	}
	return s + "\n" + tr(r.lang, "bot.policy.summary_interpretations", "count", len(lines)) + "\n" + strings.Join(lines, "\n") +
		"\n" + r.previewLines(r.lang, pv), nil
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func policyBodyLine(r *request, b policyBody) string {
	switch b.Format {
	case "photo":
		return tr(r.lang, "bot.policy.body_photo")
	case "text":
		return tr(r.lang, "bot.publish.body_text", "chars", utf8.RuneCountInString(b.Text))
	}
	return tr(r.lang, "bot.publish.body_file", "format", b.Format)
}

func finishPolicy(r *request, f *form) error {
	pd, err := r.policyDraft(f)
	if err != nil {
		return err
	}
	var app *approvals.Application
	var pol *publish.Policy
	if f.ApplicationID != 0 {
		pol, app, err = r.pub.ResubmitPolicy(r.ctx, r.member, f.ApplicationID, pd)
	} else {
		pol, app, err = r.pub.SubmitPolicy(r.ctx, r.member, pd)
	}
	if err != nil {
		// Why say it here: the Submit press was answered already, and a
		// refusal lists every problem, more than an alert holds.
		r.say(errorText(r.lang, err), nil)
		return err
	}
	r.say(tr(r.lang, "bot.policy.submitted", "id", pol.PublicationID, "app", app.ID, "count", len(pol.Interpretations),
		"office", r.officeName(r.ctx, app.PendingStep().OfficeOrg)), nil)
	return nil
}

// policyDraft builds the policy from the form, fetching its files.
func (r *request) policyDraft(f *form) (publish.PolicyDraft, error) {
	p := f.Policy
	t, err := r.policyTargets(f)
	if err != nil {
		return publish.PolicyDraft{}, err
	}
	date, _ := time.Parse("2006-01-02", p.Date)
	pd := publish.PolicyDraft{Title: p.Title, Number: p.Number, IssuedOn: date, Domains: p.Domains, Mode: publish.Mode(p.Mode), Targets: t}
	if pd.Body, err = r.fetchBody(p.Body); err != nil {
		return pd, err
	}
	for _, a := range p.Attachments {
		data, err := r.download(r.ctx, a.ID)
		if err != nil {
			return pd, err
		}
		pd.Attachments = append(pd.Attachments, publish.AttachmentFile{Name: a.Name, Data: data})
	}
	for _, in := range p.Interpretations {
		body, err := r.fetchBody(in.Body)
		if err != nil {
			return pd, err
		}
		pd.Interpretations = append(pd.Interpretations, publish.InterpretationDraft{Form: in.Form, Title: in.Title, Body: body})
	}
	return pd, nil
}

// fetchBody is a body as publish takes it: a file downloaded, a picture
// made a body of one picture.
func (r *request) fetchBody(b policyBody) (publish.Body, error) {
	if b.File == nil {
		return publish.Body{Format: b.Format, Text: b.Text}, nil
	}
	data, err := r.download(r.ctx, b.File.ID)
	if err != nil {
		return publish.Body{}, err
	}
	switch b.Format {
	case "docx":
		return publish.Body{Format: "docx", File: data}, nil
	case "photo":
		name := fmt.Sprintf("photo-%s.jpg", shortID(b.File.ID))
		return publish.Body{Format: "html", Text: `<p><img src="` + name + `"></p>`, Images: map[string][]byte{name: data}}, nil
	}
	return publish.Body{Format: b.Format, Text: string(data)}, nil
}

// shortID is a file_id's tail, enough to tell a form's pictures apart.
func shortID(id string) string {
	if len(id) > 12 {
		return id[len(id)-12:]
	}
	return id
}
