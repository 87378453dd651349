package web

import (
	"html/template"
	"strings"
	"unicode"

	"govmedia"
	"govmedia/catalog"
)

// itemGroup is a run of items under one first-level item (一级事项), as
// the template merges its cells.
type itemGroup struct {
	Level1 string
	Items  []itemView
}

// itemView is one item as a page shows it: its number, its name, and its
// columns that are filled in.
type itemView struct {
	Seq    int
	Title  string
	Fields []fieldView
}

// fieldView is one column of an item: its label in the reader's language,
// its value as the catalog holds it.
type fieldView struct{ Label, Value string }

// itemOf is how a page shows it.
func (p *catalogPage) itemOf(it catalog.Item) itemView {
	title := it.Level2
	if title == "" {
		title = it.Level1
	}
	v := itemView{Seq: it.Seq, Title: title}
	for _, f := range []fieldView{
		{"content", it.Content}, {"basis", it.Basis}, {"deadline", it.Deadline}, {"subject", it.Subject},
		{"channels", p.channels(it)}, {"audiences", p.values(strs(it.Audiences))}, {"modes", p.values(strs(it.Modes))},
		{"levels", p.values(strs(it.Levels))},
	} {
		if f.Value != "" {
			v.Fields = append(v.Fields, fieldView{Label: p.T("col." + f.Label), Value: f.Value})
		}
	}
	return v
}

// channels are an item's channels in the reader's language, its free
// text after them.
func (p *catalogPage) channels(it catalog.Item) string {
	s := p.values(strs(it.Channels))
	if it.ChannelsOther != "" {
		s = strings.TrimPrefix(s+"；"+it.ChannelsOther, "；")
	}
	return s
}

// values renders a set of the template's values (channels, audiences,
// modes, levels) in the reader's language.
func (p *catalogPage) values(list []string) string {
	parts := make([]string, len(list))
	for i, v := range list {
		parts[i] = p.value(v)
	}
	sep := "、"
	if p.English() {
		sep = "; "
	}
	return strings.Join(parts, sep)
}

func strs[T ~string](list []T) []string {
	out := make([]string, len(list))
	for i, v := range list {
		out[i] = string(v)
	}
	return out
}

func (p *catalogPage) value(v string) string {
	if key := "catalog_pages.value." + v; govmedia.HasText(p.lang, key) {
		return govmedia.Print(p.lang, key)
	}
	return v
}

// groups runs items into their first-level items, in order.
func (p *catalogPage) groups(items []catalog.Item) []itemGroup {
	var out []itemGroup
	for i, it := range items {
		if i == 0 || it.Level1 != items[i-1].Level1 {
			out = append(out, itemGroup{Level1: it.Level1})
		}
		last := &out[len(out)-1]
		last.Items = append(last.Items, p.itemOf(it))
	}
	return out
}

// mark escapes text and marks every place that holds q (as a search
// matches: letters in any case, spaces as the search normalizes them).
func mark(text, q string) template.HTML {
	runes, want := []rune(text), queryRunes(q)
	var b strings.Builder
	from := 0
	for i := firstMatch(runes, want, 0); i >= 0; i = firstMatch(runes, want, from) {
		b.WriteString(template.HTMLEscapeString(string(runes[from:i])))
		b.WriteString("<mark>" + template.HTMLEscapeString(string(runes[i:i+len(want)])) + "</mark>")
		from = i + len(want)
	}
	b.WriteString(template.HTMLEscapeString(string(runes[from:])))
	return template.HTML(b.String())
}

// queryRunes is a query as the search reads it: lowered, its spaces
// normalized.
func queryRunes(q string) []rune {
	return []rune(strings.ToLower(strings.Join(strings.Fields(q), " ")))
}

// firstMatch is the first place at or after from where runes hold want,
// -1 for none (and for an empty want).
func firstMatch(runes, want []rune, from int) int {
	if len(want) == 0 {
		return -1
	}
	for i := from; i+len(want) <= len(runes); i++ {
		if matchesAt(runes, i, want) {
			return i
		}
	}
	return -1
}

func matchesAt(runes []rune, i int, want []rune) bool {
	for j, w := range want {
		if unicode.ToLower(runes[i+j]) != w {
			return false
		}
	}
	return true
}

// excerpt cuts text to width characters around the first place that holds
// q (a third of them before it), with an ellipsis where it was cut.
func excerpt(text, q string, width int) string {
	runes := []rune(text)
	if len(runes) <= width {
		return text
	}
	start := max(0, firstMatch(runes, queryRunes(q), 0)-width/3)
	end := min(len(runes), start+width)
	start = max(0, end-width)
	out := string(runes[start:end])
	if start > 0 {
		out = "…" + out
	}
	if end < len(runes) {
		out += "…"
	}
	return out
}
