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

// cardChangeBudget is how much of a card (in visible characters) the
// changes may take; the rest are counted, and the whole version is a
// button away.
const cardChangeBudget = 2000

// changeValueRunes bounds an old or new value shown on a card.
const changeValueRunes = 40

// changeLines list at most max changes within cardChangeBudget: each item
// added, removed or moved (from which place to which), and a changed item
// with its changed columns' old → new; then how many more.
func changeLines(lang govmedia.Language, changes []catalog.Change, max int) []string {
	var out []string
	used := 0
	for i, ch := range changes {
		lines := changeOf(lang, ch)
		n := 0
		for _, l := range lines {
			n += visibleLen(l) + 1
		}
		if i == max || (i > 0 && used+n > cardChangeBudget) {
			out = append(out, tr(lang, "bot.list_more", "count", len(changes)-i))
			break
		}
		out, used = append(out, lines...), used+n
	}
	return out
}

// changeOf renders one change: its line (a move with its places), and a
// changed item's columns.
func changeOf(lang govmedia.Language, ch catalog.Change) []string {
	line := tr(lang, "bot.catalog.change."+string(ch.Kind), "item", ch.Item.Name(), "from", ch.From, "to", ch.To)
	if ch.Kind != catalog.Changed {
		return []string{line}
	}
	if ch.Moved {
		line += tr(lang, "bot.catalog.change.also_moved", "from", ch.From, "to", ch.To)
	}
	return append([]string{line}, fieldLines(lang, ch.Fields)...)
}

// fieldLines are a changed item's columns, each old → new.
func fieldLines(lang govmedia.Language, fields []catalog.FieldChange) []string {
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = tr(lang, "bot.catalog.change.field", "column", f.Column, "old", shownValue(lang, f.Old), "new", shownValue(lang, f.New))
	}
	return out
}

// shownValue is a column's value as a card shows it: cut, or "（空）".
func shownValue(lang govmedia.Language, v string) string {
	if strings.TrimSpace(v) == "" {
		return govmedia.Print(lang, "bot.catalog.change.empty")
	}
	if r := []rune(v); len(r) > changeValueRunes {
		return string(r[:changeValueRunes-1]) + "…"
	}
	return v
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
