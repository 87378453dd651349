package bot

import (
	"context"
	"strings"

	"github.com/riverqueue/river"

	"govmedia"
	"govmedia/approvals"
	"govmedia/publish"
)

// publicationLines render a publication on its card: the articles and
// whom it will reach, resolved as things stand now.
func (b *Bot) publicationLines(ctx context.Context, app *approvals.Application, lang govmedia.Language) string {
	if b.pub == nil {
		return ""
	}
	pub, err := b.pub.Publication(ctx, app.SubjectID)
	if err != nil {
		return ""
	}
	if pub.Kind == publish.PolicyKind {
		return b.policyLines(ctx, app, pub, lang) + publicationRevisionLines(app, lang)
	}
	var s strings.Builder
	for _, a := range pub.Articles {
		s.WriteString(tr(lang, "bot.card.article", "title", a.Title, "digest", a.Excerpt()) + "\n")
	}
	s.WriteString(tr(lang, "bot.card.mode", "mode", govmedia.Text("bot.publish.mode_"+string(pub.Mode))) + "\n")
	s.WriteString(publicationRevisionLines(app, lang))
	if app.State == approvals.Pending || app.State == approvals.Returned {
		if pv, err := b.pub.Preview(ctx, pub.ID); err == nil {
			s.WriteString(b.previewLines(lang, pv) + "\n")
		}
	}
	return s.String()
}

// progressLines say how an approved publication's deliveries stand, and
// why the failed ones failed.
func (b *Bot) progressLines(ctx context.Context, app *approvals.Application, lang govmedia.Language) string {
	if app.SubjectKind != publish.PublicationKind || app.State != approvals.Approved || b.pub == nil {
		return ""
	}
	pr, err := b.pub.Progress(ctx, app.SubjectID)
	if err != nil {
		return ""
	}
	s := "\n" + tr(lang, "bot.card.progress", "done", pr.Delivered, "total", pr.Total, "failed", pr.Failed, "skipped", pr.Skipped, "pending", pr.Pending)
	if pr.Failed == 0 {
		return s
	}
	list, _ := b.pub.Deliveries(ctx, app.SubjectID)
	var failures []string
	for _, d := range list {
		if d.State == publish.Failed {
			failures = append(failures, tr(lang, "bot.card.failure", "account", d.Account.Name, "reason", d.Error))
		}
	}
	if len(failures) > 10 {
		failures = append(failures[:10], tr(lang, "bot.list_more", "count", len(failures)-10))
	}
	return s + "\n" + strings.Join(failures, "\n")
}

func (b *Bot) hasFailures(ctx context.Context, app *approvals.Application) bool {
	if app.SubjectKind != publish.PublicationKind || app.State != approvals.Approved || b.pub == nil {
		return false
	}
	pr, err := b.pub.Progress(ctx, app.SubjectID)
	return err == nil && pr.Failed > 0
}

// onProgress hears a delivery end and has the publication's cards redrawn:
// at most every few seconds while deliveries go on, and surely at the end.
func (b *Bot) onProgress(ctx context.Context, pubID int64, done bool) {
	appID, err := b.engine.LatestApplication(ctx, publish.PublicationKind, pubID)
	if err != nil {
		return
	}
	// Why not count the deliveries here: over a fan-out to thousands of
	// accounts that count, once per delivery, cost more than the deliveries.
	opts := &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true, ByPeriod: 3e9}}
	if done {
		opts = nil // the last word is never held back
	}
	if _, err := b.queue.Insert(ctx, refreshArgs{ApplicationID: appID}, opts); err != nil {
		b.log.Warn("queueing a progress refresh", "err", err)
	}
}

// onRetryButton sends a publication's failed deliveries again.
func (r *request) onRetryButton(p []string) {
	if r.pub == nil {
		r.staleButton()
		return
	}
	n, err := r.pub.RetryFailed(r.ctx, r.member, id(p, 0))
	if err != nil {
		r.fail(err)
		return
	}
	r.answer(tr(r.lang, "bot.retrying", "count", n), false)
}
