package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/go-telegram/bot/models"

	"govmedia"
	"govmedia/approvals"
	"govmedia/catalog"
)

// cardChanges bounds the changes a catalog's card lists; the whole version
// is a button away.
const cardChanges = 15

// catalogLines render a catalog version on its card: whose catalog of
// which domain, how many items, the diff against the current version
// (added, changed field by field, removed, moved), and for a township the
// county's 乡级 items it lacks, as they stood at submission.
func (b *Bot) catalogLines(ctx context.Context, app *approvals.Application, lang govmedia.Language) string {
	var s catalog.Summary
	if err := json.Unmarshal(app.Payload, &s); err != nil {
		return ""
	}
	names, _ := b.reg.DomainNames(ctx)
	c := catalog.Counts(s.Changes)
	lines := []string{tr(lang, "bot.catalog.card", "org", b.officeName(ctx, s.Org), "domain", names[s.Domain], "number", s.Number,
		"items", s.Items, "added", c[catalog.Added], "changed", c[catalog.Changed], "removed", c[catalog.Removed], "moved", c[catalog.Moved])}
	if s.BasedOn == 0 {
		lines = append(lines, tr(lang, "bot.catalog.first"))
	}
	lines = append(lines, changeLines(lang, s.Changes, cardChanges)...)
	if len(s.Missing) > 0 {
		lines = append(lines, tr(lang, "bot.catalog.missing", "count", len(s.Missing)))
		lines = append(lines, itemLines(s.Missing, 10, lang)...)
	}
	return strings.Join(lines, "\n") + "\n"
}

// changeLines list at most max changes, then how many more.
func changeLines(lang govmedia.Language, changes []catalog.Change, max int) []string {
	var out []string
	for i, ch := range changes {
		if i == max {
			out = append(out, tr(lang, "bot.list_more", "count", len(changes)-max))
			break
		}
		cols := make([]string, len(ch.Fields))
		for j, f := range ch.Fields {
			cols[j] = f.Column
		}
		out = append(out, tr(lang, "bot.catalog.change."+string(ch.Kind), "item", ch.Item.Name(), "columns", strings.Join(cols, "、")))
	}
	return out
}

// itemLines name at most max items, then how many more.
func itemLines(items []catalog.Item, max int, lang govmedia.Language) []string {
	var out []string
	for i, it := range items {
		if i == max {
			out = append(out, tr(lang, "bot.list_more", "count", len(items)-max))
			break
		}
		out = append(out, "    "+esc(it.Name()))
	}
	return out
}

// subjectButtons are what a card offers besides the decision: for a
// catalog, the whole version as the template.
func subjectButtons(lang govmedia.Language, app *approvals.Application) [][]models.InlineKeyboardButton {
	if app.SubjectKind != catalog.Kind {
		return nil
	}
	return [][]models.InlineKeyboardButton{{button(tr(lang, "bot.btn.catalog_file"), fmt.Sprintf("cx:%d", app.SubjectID))}}
}
