package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/go-telegram/bot/models"

	"govmedia"
	"govmedia/approvals"
	"govmedia/catalog"
	"govmedia/publish"
	"govmedia/registry"
)

// cardIn renders a card for a chat: in the reader's language, and, in the
// private chat of one who may see the application's private fields, with
// the phone in full.
func (b *Bot) cardIn(ctx context.Context, app *approvals.Application, step *approvals.Step, chat int64) (string, *models.InlineKeyboardMarkup) {
	private := false
	if chat > 0 {
		if m, err := b.reg.MemberByTelegram(ctx, chat); err == nil {
			private = b.engine.MaySeePrivate(ctx, m, app)
		}
	}
	return b.cardFor(ctx, app, step, b.chatLanguage(ctx, chat), private)
}

// cardFor renders an application: who applies for what, what changed
// since it was returned, the warnings, the chain with what is done and
// what is pending, and, while step is pending, the decision buttons and
// the deadline. private shows the phone in full, for one who may see it.
func (b *Bot) cardFor(ctx context.Context, app *approvals.Application, step *approvals.Step, lang govmedia.Language, private bool) (string, *models.InlineKeyboardMarkup) {
	var s strings.Builder
	title := "bot.card.title"
	switch app.SubjectKind {
	case publish.PublicationKind:
		title = "bot.card.title_publication"
		switch app.Action {
		case publish.PolicyKind:
			title = "bot.card.title_policy"
		case publish.ClosureNoticeKind:
			title = "bot.card.title_closure_notice"
		}
	case catalog.Kind:
		title = "bot.card.title_catalog"
	}
	s.WriteString(tr(lang, title, "action", govmedia.Text("action."+app.Action), "id", app.ID,
		"state", govmedia.Text("application."+string(app.State))) + "\n")
	s.WriteString(tr(lang, "bot.card.applicant", "org", app.Applicant.Org.Name, "name", app.Applicant.DisplayName) + "\n")
	switch app.SubjectKind {
	case publish.PublicationKind:
		s.WriteString(b.publicationLines(ctx, app, lang))
	case catalog.Kind:
		s.WriteString(b.catalogLines(ctx, app, lang))
	default:
		s.WriteString(b.requestLines(ctx, app, lang, private))
	}
	s.WriteString("\n" + tr(lang, "bot.card.chain") + "\n" + b.chainLines(ctx, app, lang))
	if step == nil || step.State != approvals.StepPending || app.State != approvals.Pending {
		s.WriteString(b.progressLines(ctx, app, lang))
		rows := [][]models.InlineKeyboardButton{{button(tr(lang, "bot.btn.details"), fmt.Sprintf("i:%d", app.ID))}}
		if b.hasFailures(ctx, app) {
			rows = append(rows, []models.InlineKeyboardButton{button(tr(lang, "bot.btn.retry"), fmt.Sprintf("rt:%d", app.SubjectID))})
		}
		return s.String(), inline(append(rows, subjectButtons(lang, app)...))
	}
	s.WriteString("\n" + tr(lang, "bot.card.due", "due", govmedia.FormatTime(step.DueAt)))
	keys := decisionButtons(lang, app.ID, step.ID)
	keys.InlineKeyboard = append(keys.InlineKeyboard, subjectButtons(lang, app)...)
	return s.String(), keys
}

func decisionButtons(lang govmedia.Language, appID, stepID int64) *models.InlineKeyboardMarkup {
	return inline([][]models.InlineKeyboardButton{
		{button(tr(lang, "bot.btn.approve"), fmt.Sprintf("d:a:%d", stepID)), button(tr(lang, "bot.btn.return"), fmt.Sprintf("d:r:%d", stepID))},
		{button(tr(lang, "bot.btn.reject"), fmt.Sprintf("d:j:%d", stepID)), button(tr(lang, "bot.btn.details"), fmt.Sprintf("i:%d", appID))},
	})
}

// requestLines renders what an account application asks for.
func (b *Bot) requestLines(ctx context.Context, app *approvals.Application, lang govmedia.Language, private bool) string {
	req, err := app.Request()
	if err != nil {
		return ""
	}
	r := &request{Bot: b, ctx: ctx, lang: lang}
	var s strings.Builder
	if app.SubjectID != 0 && app.Action != approvals.OpenAccount {
		if a, err := b.reg.Account(ctx, app.SubjectID); err == nil {
			s.WriteString(tr(lang, "bot.card.account", "account", a.Label(lang)) + "\n")
		}
	}
	switch {
	case app.Action == approvals.OpenAccount && req.Fields != nil:
		s.WriteString(r.fieldLinesFor(*req.Fields, b.openPhone(req.Fields.PhoneSealed), private) + "\n")
	case req.Closure != nil:
		s.WriteString(b.closureLines(ctx, req.Closure, lang))
	}
	for _, c := range req.Changes {
		s.WriteString(tr(lang, "bot.card.change", "field", govmedia.Text("field."+c.Field), "old", b.showValue(ctx, lang, c.Field, c.Old),
			"new", b.showValue(ctx, lang, c.Field, c.New)) + "\n")
	}
	s.WriteString(b.revisionLines(ctx, app, req, lang))
	for _, w := range req.Warnings {
		s.WriteString(tr(lang, "bot.warn."+w.Kind, "accounts", w.Accounts, "reason", w.Reason) + "\n")
	}
	return s.String()
}

// showValue renders a stored field value for people.
func (b *Bot) showValue(ctx context.Context, lang govmedia.Language, field, v string) string {
	switch {
	case v == "":
		return "—"
	case field == "domains":
		return b.domainNames(ctx, strings.Split(v, ","))
	case field == "third_party":
		return yesNo(lang, v == "true" || v == "yes")
	case field == "platform" || field == "wechat_kind" || field == "state":
		return govmedia.Print(lang, field2key(field)+v)
	}
	return v
}

func field2key(field string) string {
	if field == "state" {
		return "state."
	}
	return field + "."
}

func (b *Bot) closureLines(ctx context.Context, c *registry.Closure, lang govmedia.Language) string {
	s := tr(lang, "bot.card.close_reason", "reason", c.Reason, "days", c.NoticeDays) + "\n"
	if c.SuccessorID != 0 {
		if a, err := b.reg.Account(ctx, c.SuccessorID); err == nil {
			s += tr(lang, "bot.card.successor", "account", a.Label(lang)) + "\n"
		}
	}
	return s
}

// openPhone opens a sealed phone for display, "" when it cannot be read.
func (b *Bot) openPhone(sealed []byte) string {
	phone, err := b.reg.Phone(sealed)
	if err != nil {
		return ""
	}
	return phone
}

// chainLines renders the current round's steps: done, pending, waiting.
func (b *Bot) chainLines(ctx context.Context, app *approvals.Application, lang govmedia.Language) string {
	var s strings.Builder
	for _, st := range app.CurrentSteps() {
		line := tr(lang, "bot.chain."+string(st.State), "office", b.officeName(ctx, st.OfficeOrg))
		if st.DecidedBy != 0 {
			who := "?"
			if m, err := b.reg.Member(ctx, st.DecidedBy); err == nil {
				who = m.DisplayName
			}
			line += tr(lang, "bot.chain.by", "name", who, "at", govmedia.FormatTime(st.DecidedAt))
		}
		if st.Reason != "" {
			line += "\n    " + tr(lang, "bot.chain.reason", "reason", st.Reason)
		}
		s.WriteString(line + "\n")
	}
	return strings.TrimRight(s.String(), "\n")
}
