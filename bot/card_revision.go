package bot

import (
	"context"
	"encoding/json"
	"slices"
	"strings"

	"govmedia"
	"govmedia/approvals"
	"govmedia/publish"
	"govmedia/registry"
)

// A resubmitted application's card says what the applicant changed since
// it was returned, so that the office that returned it need not compare
// the card with its memory of the one before.

// revisionLines say what changed in an account application between its
// return and its resubmission; "" when it was never returned.
func (b *Bot) revisionLines(ctx context.Context, app *approvals.Application, req *approvals.AccountRequest, lang govmedia.Language) string {
	if len(app.ReturnedPayload) == 0 {
		return ""
	}
	prev := new(approvals.AccountRequest)
	if err := json.Unmarshal(app.ReturnedPayload, prev); err != nil {
		return ""
	}
	var lines []string
	switch {
	case prev.Fields != nil && req.Fields != nil:
		oldPhone, newPhone := b.openPhone(prev.Fields.PhoneSealed), b.openPhone(req.Fields.PhoneSealed)
		for _, c := range registry.DiffValues(prev.Fields.Values(oldPhone), req.Fields.Values(newPhone), oldPhone != newPhone) {
			lines = append(lines, b.changeLine(ctx, lang, c.Field, c.Old, c.New))
		}
	case prev.Closure != nil && req.Closure != nil:
		lines = b.closureChanges(ctx, lang, prev.Closure, req.Closure)
	}
	return revisedBlock(lang, lines)
}

// changeLine renders one changed field: its name, the old and the new value.
func (b *Bot) changeLine(ctx context.Context, lang govmedia.Language, field, old, new string) string {
	return tr(lang, "bot.card.change", "field", govmedia.Text("field."+field), "old", b.showValue(ctx, lang, field, old),
		"new", b.showValue(ctx, lang, field, new))
}

// closureChanges compare two closures of an account.
func (b *Bot) closureChanges(ctx context.Context, lang govmedia.Language, old, new *registry.Closure) []string {
	var lines []string
	if old.Reason != new.Reason {
		lines = append(lines, tr(lang, "bot.card.change", "field", govmedia.Text("field.close_reason"), "old", old.Reason, "new", new.Reason))
	}
	if old.SuccessorID != new.SuccessorID {
		lines = append(lines, tr(lang, "bot.card.change", "field", govmedia.Text("field.successor"),
			"old", b.accountName(ctx, lang, old.SuccessorID), "new", b.accountName(ctx, lang, new.SuccessorID)))
	}
	if old.NoticeDays != new.NoticeDays {
		lines = append(lines, tr(lang, "bot.card.change", "field", govmedia.Text("field.notice_days"),
			"old", tr(lang, "bot.close.days", "days", old.NoticeDays), "new", tr(lang, "bot.close.days", "days", new.NoticeDays)))
	}
	return lines
}

// accountName names an account for a card, "无" for none.
func (b *Bot) accountName(ctx context.Context, lang govmedia.Language, id int64) string {
	if id == 0 {
		return govmedia.Print(lang, "bot.close.no_successor")
	}
	if a, err := b.reg.Account(ctx, id); err == nil {
		return a.Label(lang)
	}
	return "—"
}

// publicationRevisionLines say what changed in a publication between its
// return and its resubmission: titles, bodies, covers, mode and reach.
func publicationRevisionLines(app *approvals.Application, lang govmedia.Language) string {
	if len(app.ReturnedPayload) == 0 {
		return ""
	}
	var old, cur publish.Preview
	if json.Unmarshal(app.ReturnedPayload, &old) != nil || json.Unmarshal(app.Payload, &cur) != nil {
		return ""
	}
	var lines []string
	if !slices.Equal(old.Titles, cur.Titles) {
		lines = append(lines, tr(lang, "bot.card.change", "field", govmedia.Text("policy.field.title"),
			"old", strings.Join(old.Titles, "、"), "new", strings.Join(cur.Titles, "、")))
	}
	if !slices.Equal(old.Bodies, cur.Bodies) {
		lines = append(lines, tr(lang, "bot.card.revised_body"))
	}
	if !slices.Equal(old.Covers, cur.Covers) {
		lines = append(lines, tr(lang, "bot.card.revised_cover"))
	}
	if old.Mode != cur.Mode {
		lines = append(lines, tr(lang, "bot.card.change", "field", govmedia.Text("policy.field.mode"),
			"old", govmedia.Text("bot.publish.mode_"+string(old.Mode)), "new", govmedia.Text("bot.publish.mode_"+string(cur.Mode))))
	}
	if old.Targets != cur.Targets || !slices.Equal(old.Names, cur.Names) {
		lines = append(lines, tr(lang, "bot.card.revised_targets", "old", old.Targets, "new", cur.Targets))
	}
	return revisedBlock(lang, lines)
}

// revisedBlock heads the changes since the return, or says there were none.
func revisedBlock(lang govmedia.Language, lines []string) string {
	if len(lines) == 0 {
		return tr(lang, "bot.card.revised_nothing") + "\n"
	}
	return tr(lang, "bot.card.revised") + "\n" + strings.Join(lines, "\n") + "\n"
}
