package bot

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"govmedia"
	"govmedia/publish"
)

// policyForm holds the answers of a /policy form: the policy document,
// its attachments, whom it goes to, and its interpretations, one or more.
type policyForm struct {
	Title           string               `json:"title,omitempty"`
	Number          string               `json:"number,omitempty"` // in the standard shape
	Date            string               `json:"date,omitempty"`   // 2006-01-02
	Domains         []string             `json:"domains,omitempty"`
	Body            policyBody           `json:"body"`
	Attachments     []fileRef            `json:"attachments,omitempty"`
	Targets         string               `json:"targets,omitempty"` // tree, own
	Mode            string               `json:"mode,omitempty"`
	Interpretations []interpretationForm `json:"interpretations,omitempty"`

	stay bool // the answer just taken asks the same question again (another attachment)
}

// policyBody is a body as sent in chat: typed text, or a file (.docx,
// .html, .md, .txt), or a picture.
type policyBody struct {
	Text   string   `json:"text,omitempty"`
	File   *fileRef `json:"file,omitempty"`
	Format string   `json:"format,omitempty"` // text, html, markdown, docx, photo
}

// interpretationForm holds the answers about one interpretation.
type interpretationForm struct {
	Form  publish.InterpretationForm `json:"form,omitempty"`
	Title string                     `json:"title,omitempty"`
	Body  policyBody                 `json:"body"`
}

// policyBodyFormats are the files a policy's or interpretation's body
// may come in: Word documents besides those a notice takes.
var policyBodyFormats = map[string]string{".docx": "docx", ".html": "html", ".htm": "html", ".md": "markdown",
	".markdown": "markdown", ".txt": "text"}

// The questions about the k-th interpretation are named i<k>_form,
// i<k>_title, i<k>_body and i<k>_more, so that Back walks them in order.
func interpretationStep(k int, q string) string { return fmt.Sprintf("i%d_%s", k, q) }

func init() {
	defs := map[string]stepDef{
		"title":       {prompt: askPolicy("title"), accept: acceptPolicyTitle},
		"number":      {prompt: askPolicy("number"), accept: acceptPolicyNumber},
		"date":        {prompt: askPolicy("date"), accept: acceptPolicyDate},
		"domains":     {prompt: askPolicy("domains"), options: domainOptions, multi: &multiChoice{selected: policyDomains}, accept: func(*request, *form, answer) error { return nil }},
		"body":        {prompt: askPolicy("body"), file: true, accept: func(r *request, f *form, a answer) error { return takeBody(&f.Policy.Body, a, false) }},
		"attachments": {prompt: askAttachments, options: doneOption, typed: true, file: true, optional: true, accept: acceptAttachment, then: stayOrNext},
		"targets":     {prompt: askPolicy("targets"), options: policyTargetOptions, accept: func(_ *request, f *form, a answer) error { f.Policy.Targets = a.Text; return nil }},
		"mode":        {prompt: askPolicy("mode"), options: policyModeOptions, accept: func(_ *request, f *form, a answer) error { f.Policy.Mode = a.Text; return nil }},
	}
	for k := 1; k <= publish.MaxInterpretations; k++ {
		defs[interpretationStep(k, "form")] = stepDef{prompt: askInterpretation(k, "form"), options: formOptions, accept: acceptForm(k)}
		defs[interpretationStep(k, "title")] = stepDef{prompt: askInterpretation(k, "title"), accept: acceptInterpretationTitle(k)}
		defs[interpretationStep(k, "body")] = stepDef{prompt: askInterpretation(k, "body"), file: true, accept: acceptInterpretationBody(k)}
		defs[interpretationStep(k, "more")] = stepDef{prompt: askInterpretation(k, "more"), options: moreOptions(k), accept: acceptMore(k)}
	}
	formKinds["policy"] = &formKind{steps: policySteps, defs: defs, summary: policySummary, finish: finishPolicy, fields: policyFields}
	onCommand("policy", (*request).startPolicy)
}

// startPolicy begins a policy document with its interpretations.
func (r *request) startPolicy([]string) {
	if r.pub == nil {
		r.say(tr(r.lang, "bot.publish.off"), nil)
		return
	}
	if err := publish.CheckMayPublish(r.member); err != nil {
		r.fail(err)
		return
	}
	r.say(tr(r.lang, "bot.policy.intro"), nil)
	r.startForm(&form{Kind: "policy", Policy: &policyForm{}})
}

// policySteps are the policy's questions, then those of each
// interpretation given so far (the first one at least).
func policySteps(_ *request, f *form) []string {
	steps := []string{"title", "number", "date", "domains", "body", "attachments", "targets", "mode"}
	for k := 1; k <= max(len(f.Policy.Interpretations), 1); k++ {
		for _, q := range []string{"form", "title", "body", "more"} {
			steps = append(steps, interpretationStep(k, q))
		}
	}
	return steps
}

// policyFields are what the policy's summary offers to change: each of
// the policy's answers, and each interpretation as a whole (its form,
// title and body).
func policyFields(r *request, f *form) []field {
	var out []field
	for _, q := range []string{"title", "number", "date", "domains", "body", "attachments", "targets", "mode"} {
		out = append(out, field{Label: govmedia.Print(r.lang, "policy.field."+q), From: q, Through: q})
	}
	for k := 1; k <= len(f.Policy.Interpretations); k++ {
		out = append(out, field{Label: govmedia.Print(r.lang, "policy.part_interpretation", "n", k),
			From: interpretationStep(k, "form"), Through: interpretationStep(k, "body")})
	}
	return out
}

func policyDomains(f *form) *[]string { return &f.Policy.Domains }

// askPolicy asks one of the policy's questions, showing the answer given
// before when the user came back to it.
func askPolicy(q string) func(*request, *form) string {
	return func(r *request, f *form) string {
		text := tr(r.lang, "bot.policy.ask_"+q)
		cur := map[string]string{"title": f.Policy.Title, "number": f.Policy.Number, "date": f.Policy.Date}[q]
		if cur != "" {
			text += "\n" + tr(r.lang, "bot.form.current", "value", cur)
		}
		return text
	}
}

func askAttachments(r *request, f *form) string {
	text := tr(r.lang, "bot.policy.ask_attachments")
	if n := len(f.Policy.Attachments); n > 0 {
		text += "\n" + tr(r.lang, "bot.policy.attachments_so_far", "count", n, "names", attachmentNames(f.Policy.Attachments))
	}
	return text
}

func attachmentNames(files []fileRef) string {
	names := make([]string, len(files))
	for i, a := range files {
		names[i] = a.Name
	}
	return strings.Join(names, "、")
}

func acceptPolicyTitle(_ *request, f *form, a answer) error {
	v := strings.Join(strings.Fields(a.Text), " ")
	if n := utf8.RuneCountInString(v); n == 0 || n > 100 {
		return govmedia.Errorf(govmedia.EINVALID, "bot.policy.title_length")
	}
	f.Policy.Title = v
	return nil
}

func acceptPolicyNumber(r *request, f *form, a answer) error {
	n, err := publish.ParseDocNumber(a.Text, r.now().In(govmedia.ChinaTime).Year())
	if err != nil {
		return err
	}
	f.Policy.Number = n.String()
	return nil
}

func acceptPolicyDate(r *request, f *form, a answer) error {
	t, err := publish.ParseIssueDate(a.Text)
	if err != nil {
		return err
	}
	if today := r.now().In(govmedia.ChinaTime); t.After(today) {
		return govmedia.Errorf(govmedia.EINVALID, "policy.date_future", "date", publish.FormatIssueDate(t))
	}
	f.Policy.Date = t.Format("2006-01-02")
	return nil
}

// takeBody takes a body as typed text, a file of a known kind, or (where
// pictures make the body) a picture.
func takeBody(b *policyBody, a answer, photo bool) error {
	switch {
	case a.File != nil && a.File.Photo:
		if !photo {
			return govmedia.Errorf(govmedia.EINVALID, "bot.policy.body_kind")
		}
		*b = policyBody{File: a.File, Format: "photo"}
	case a.File != nil:
		format := policyBodyFormats[strings.ToLower(filepath.Ext(a.File.Name))]
		if format == "" {
			return govmedia.Errorf(govmedia.EINVALID, "bot.policy.body_kind")
		}
		*b = policyBody{File: a.File, Format: format}
	case strings.TrimSpace(a.Text) == "":
		return govmedia.Errorf(govmedia.EINVALID, "publication.body_required")
	default:
		*b = policyBody{Text: a.Text, Format: "text"}
	}
	return nil
}

// doneOption ends a question answered by sending files one by one.
func doneOption(r *request, _ *form) []option {
	return []option{{"done", tr(r.lang, "bot.btn.done")}}
}

func acceptAttachment(_ *request, f *form, a answer) error {
	p := f.Policy
	p.stay = false
	switch {
	case a.File == nil && (a.Text == "" || a.Chosen):
		return nil // done, or "-": no more attachments
	case a.File == nil:
		return govmedia.Errorf(govmedia.EINVALID, "bot.policy.attachment_kind")
	case len(p.Attachments) >= 10:
		return govmedia.Errorf(govmedia.EINVALID, "policy.too_many_attachments", "max", 10)
	}
	ref := *a.File
	if ref.Photo {
		ref.Name = fmt.Sprintf("图片%d.jpg", len(p.Attachments)+1)
	}
	p.Attachments, p.stay = append(p.Attachments, ref), true
	return nil
}

// stayOrNext asks for another attachment after one, and moves on after Done.
func stayOrNext(f *form) string {
	if f.Policy.stay {
		return "attachments"
	}
	return "targets"
}

func policyTargetOptions(r *request, _ *form) []option {
	return []option{{"tree", govmedia.Print(r.lang, "bot.publish.target_tree")}, {"own", govmedia.Print(r.lang, "bot.publish.target_own")}}
}

func policyModeOptions(r *request, _ *form) []option {
	return []option{{string(publish.Publish), govmedia.Print(r.lang, "bot.publish.mode_publish")},
		{string(publish.Broadcast), govmedia.Print(r.lang, "bot.publish.mode_broadcast")}}
}

// interpretationAt is the k-th interpretation, made when first asked.
func (p *policyForm) interpretationAt(k int) *interpretationForm {
	for len(p.Interpretations) < k {
		p.Interpretations = append(p.Interpretations, interpretationForm{})
	}
	return &p.Interpretations[k-1]
}

func askInterpretation(k int, q string) func(*request, *form) string {
	return func(r *request, f *form) string {
		text := tr(r.lang, "bot.policy.ask_i_"+q, "n", k, "max", publish.MaxInterpretations)
		if q == "title" && k <= len(f.Policy.Interpretations) && f.Policy.Interpretations[k-1].Title != "" {
			text += "\n" + tr(r.lang, "bot.form.current", "value", f.Policy.Interpretations[k-1].Title)
		}
		return text
	}
}

// formOptions offer the forms of interpretation, and Done: after the
// first interpretation it drops the one begun by mistake; before it, it is
// refused, for a policy goes out only with its interpretation.
func formOptions(r *request, _ *form) []option {
	var opts []option
	for _, form := range publish.InterpretationForms {
		opts = append(opts, option{string(form), govmedia.Print(r.lang, "policy.form."+string(form))})
	}
	return append(opts, option{"done", tr(r.lang, "bot.policy.no_more")})
}

func acceptForm(k int) func(*request, *form, answer) error {
	return func(_ *request, f *form, a answer) error {
		if a.Text == "done" {
			if k == 1 {
				return govmedia.Errorf(govmedia.EINVALID, "policy.interpretation_required")
			}
			f.Policy.Interpretations = f.Policy.Interpretations[:k-1]
			return nil
		}
		if !slices.Contains(publish.InterpretationForms, publish.InterpretationForm(a.Text)) {
			return govmedia.Errorf(govmedia.EINVALID, "policy.form_invalid", "form", a.Text)
		}
		f.Policy.interpretationAt(k).Form = publish.InterpretationForm(a.Text)
		return nil
	}
}

func acceptInterpretationTitle(k int) func(*request, *form, answer) error {
	return func(_ *request, f *form, a answer) error {
		v := strings.Join(strings.Fields(a.Text), " ")
		if n := utf8.RuneCountInString(v); n == 0 || n > 100 {
			return govmedia.Errorf(govmedia.EINVALID, "bot.policy.title_length")
		}
		f.Policy.interpretationAt(k).Title = v
		return nil
	}
}

func acceptInterpretationBody(k int) func(*request, *form, answer) error {
	return func(_ *request, f *form, a answer) error {
		in := f.Policy.interpretationAt(k)
		return takeBody(&in.Body, a, true)
	}
}

// moreOptions offer another interpretation, while a draft has room for
// one, or Done.
func moreOptions(k int) func(*request, *form) []option {
	return func(r *request, _ *form) []option {
		var opts []option
		if k < publish.MaxInterpretations {
			opts = append(opts, option{"add", tr(r.lang, "bot.policy.add_interpretation")})
		}
		return append(opts, option{"done", tr(r.lang, "bot.policy.interpretations_done")})
	}
}

func acceptMore(k int) func(*request, *form, answer) error {
	return func(_ *request, f *form, a answer) error {
		p := f.Policy
		if a.Text == "add" {
			p.interpretationAt(k + 1)
			return nil
		}
		p.Interpretations = p.Interpretations[:min(k, len(p.Interpretations))]
		return nil
	}
}
