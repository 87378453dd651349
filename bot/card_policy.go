package bot

import (
	"context"
	"strings"

	"govmedia"
	"govmedia/approvals"
	"govmedia/publish"
)

// Of a review card, the policy and its interpretations together may take
// this much; the rest (whom it reaches, the chain) fits after.
const (
	policyCardBudget      = 2400
	attachmentsCardBudget = 400
)

// policyLines render a policy with its interpretations on its review
// card: the decision covers them together, so the card shows them
// together, each interpretation by its form, title, author and opening.
func (b *Bot) policyLines(ctx context.Context, app *approvals.Application, pub *publish.Publication, lang govmedia.Language) string {
	pol, err := b.pub.PolicyOf(ctx, pub.ID)
	if err != nil {
		return ""
	}
	var s strings.Builder
	s.WriteString(tr(lang, "bot.card.policy", "title", pol.Title, "number", pol.Number, "issuer", pol.IssuerName,
		"date", publish.FormatIssueDate(pol.IssuedOn), "domains", orDash(b.domainNames(ctx, pol.Domains)),
		"excerpt", pub.Articles[0].Opening()) + "\n")
	if len(pol.Attachments) > 0 {
		names := make([]string, len(pol.Attachments))
		for i, a := range pol.Attachments {
			names[i] = tr(lang, "bot.card.policy_attachment", "name", a.Name)
		}
		names, _ = fitLines(names, attachmentsCardBudget, func(n int) string { return tr(lang, "bot.list_more", "count", n) })
		s.WriteString(tr(lang, "bot.card.policy_attachments", "count", len(pol.Attachments)) + "\n" + strings.Join(names, "\n") + "\n")
	}
	lines := make([]string, 0, len(pol.Interpretations))
	for _, in := range pol.Interpretations {
		excerpt := ""
		if in.Position < len(pub.Articles) {
			excerpt = pub.Articles[in.Position].Opening()
		}
		lines = append(lines, tr(lang, "bot.card.interpretation", "n", in.Position, "form", govmedia.Text("policy.form."+string(in.Form)),
			"title", in.Title, "author", in.AuthorName, "excerpt", excerpt))
	}
	lines, _ = fitLines(lines, policyCardBudget, func(n int) string { return tr(lang, "bot.list_more", "count", n) })
	s.WriteString(tr(lang, "bot.card.interpretations", "count", len(pol.Interpretations)) + "\n" + strings.Join(lines, "\n") + "\n")
	s.WriteString(tr(lang, "bot.card.mode", "mode", govmedia.Text("bot.publish.mode_"+string(pub.Mode))) + "\n")
	if app.State == approvals.Pending || app.State == approvals.Returned {
		if pv, err := b.pub.Preview(ctx, pub.ID); err == nil {
			s.WriteString(b.previewLines(lang, pv) + "\n")
		}
	}
	return s.String()
}

// revisePolicy walks the /policy form again for a returned policy: the
// policy and its interpretations are revised and resubmitted together.
func (r *request) revisePolicy(app *approvals.Application, pub *publish.Publication) {
	pol, err := r.pub.PolicyOf(r.ctx, pub.ID)
	if err != nil {
		r.fail(err)
		return
	}
	r.answer("", false)
	r.say(tr(r.lang, "bot.policy.revising", "id", app.ID, "title", pol.Title), nil)
	r.startForm(&form{Kind: "policy", ApplicationID: app.ID, Policy: &policyForm{Title: pol.Title, Number: pol.Number,
		Date: pol.IssuedOn.Format("2006-01-02"), Domains: pol.Domains}})
}
