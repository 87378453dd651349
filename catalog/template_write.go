package catalog

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"slices"
	"strconv"

	"govmedia/registry"
)

// Template is what an export writes: a government's catalogs, one domain
// each.
type Template struct {
	Org     string // the government's name, for the title
	Domains []TemplateDomain
}

// TemplateDomain is one domain's catalog.
type TemplateDomain struct {
	Domain     string // code
	DomainName string // Chinese name: the sheet's name and the title's
	Items      []Item
}

// outColumn is a column of the template as exports write it: a group
// header over sub-columns, or (group "") one header over both rows.
type outColumn struct {
	group, name string
	width       float64
	value       func(d TemplateDomain, i int, it Item) string
}

// outColumns are the official template's columns; a 领域 column first when
// one table holds several domains, and 村级 when some item is marked so.
func outColumns(withDomain, withVillage bool) []outColumn {
	text := func(f func(Item) string) func(TemplateDomain, int, Item) string {
		return func(_ TemplateDomain, _ int, it Item) string { return f(it) }
	}
	cols := []outColumn{
		{"", "序号", 6, func(_ TemplateDomain, i int, it Item) string { return strconv.Itoa(seqOf(i, it)) }},
		{"公开事项", "一级事项", 14, text(func(it Item) string { return it.Level1 })},
		{"公开事项", "二级事项", 16, text(func(it Item) string { return it.Level2 })},
		{"", "公开内容（要素）", 30, text(func(it Item) string { return it.Content })},
		{"", "公开依据", 30, text(func(it Item) string { return it.Basis })},
		{"", "公开时限", 16, text(func(it Item) string { return it.Deadline })},
		{"", "公开主体", 14, text(func(it Item) string { return it.Subject })},
		{"", "公开渠道和载体", 30, text(func(it Item) string { return channelChecklist(it.Channels, it.ChannelsOther) })},
		{"公开对象", string(Society), 7, text(func(it Item) string { return check(slices.Contains(it.Audiences, Society)) })},
		{"公开对象", string(Specific), 7, text(func(it Item) string { return check(slices.Contains(it.Audiences, Specific)) })},
		{"公开方式", string(Proactive), 6, text(func(it Item) string { return check(slices.Contains(it.Modes, Proactive)) })},
		{"公开方式", string(OnRequest), 6, text(func(it Item) string { return check(slices.Contains(it.Modes, OnRequest)) })},
		{"公开层级", string(CountyLevel), 6, text(func(it Item) string { return check(slices.Contains(it.Levels, CountyLevel)) })},
		{"公开层级", string(TownshipLevel), 6, text(func(it Item) string { return check(slices.Contains(it.Levels, TownshipLevel)) })},
	}
	if withVillage {
		cols = append(cols, outColumn{"公开层级", string(VillageLevel), 6,
			text(func(it Item) string { return check(slices.Contains(it.Levels, VillageLevel)) })})
	}
	if withDomain {
		domain := outColumn{"", "领域", 12, func(d TemplateDomain, _ int, _ Item) string { return d.DomainName }}
		cols = append([]outColumn{domain}, cols...)
	}
	return cols
}

func seqOf(i int, it Item) int {
	if it.Seq > 0 {
		return it.Seq
	}
	return i + 1
}

func check(marked bool) string {
	if marked {
		return "√"
	}
	return ""
}

func anyVillage(domains ...TemplateDomain) bool {
	for _, d := range domains {
		for _, it := range d.Items {
			if slices.Contains(it.Levels, VillageLevel) {
				return true
			}
		}
	}
	return false
}

// templateTitle is the title row: "XX县义务教育领域基层政务公开标准目录".
func templateTitle(org string, domains []TemplateDomain) string {
	if len(domains) == 1 && domains[0].DomainName != "" {
		return org + domains[0].DomainName + "领域基层政务公开标准目录"
	}
	return org + "基层政务公开标准目录"
}

// headerRows are the two header rows: each group's name over its first
// sub-column (a spreadsheet merges it over the rest), the sub-columns'
// names under it, and single columns' names in the first row.
func headerRows(cols []outColumn) (top, sub []string) {
	for i, c := range cols {
		switch {
		case c.group == "":
			top, sub = append(top, c.name), append(sub, "")
		case i > 0 && cols[i-1].group == c.group:
			top, sub = append(top, ""), append(sub, c.name)
		default:
			top, sub = append(top, c.group), append(sub, c.name)
		}
	}
	return top, sub
}

// WriteTemplateCSV writes the catalogs as the template in CSV: UTF-8 with
// a BOM (so that Excel opens it right), the title, the two header rows, one
// row per item, and a 领域 column when it holds several domains. No cell
// runs as a formula in a spreadsheet (see registry.SheetCell).
func WriteTemplateCSV(w io.Writer, t Template) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cols := outColumns(len(t.Domains) > 1, anyVillage(t.Domains...))
	top, sub := headerRows(cols)
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	title := make([]string, len(cols))
	title[0] = templateTitle(t.Org, t.Domains)
	for _, rec := range [][]string{title, top, sub} {
		if err := cw.Write(safeCells(rec)); err != nil {
			return err
		}
	}
	for _, d := range t.Domains {
		for i, it := range d.Items {
			if err := cw.Write(safeCells(itemCells(cols, d, i, it))); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

func itemCells(cols []outColumn, d TemplateDomain, i int, it Item) []string {
	out := make([]string, len(cols))
	for j, c := range cols {
		out[j] = c.value(d, i, it)
	}
	return out
}

func safeCells(cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = registry.SheetCell(c)
	}
	return out
}

// WriteTemplateJSON writes the catalogs as a JSON array, one object per
// item with the template's column names as keys, its domain's name and
// code first; a set with nothing in it is [].
func WriteTemplateJSON(w io.Writer, t Template) error {
	out := []json.RawMessage{}
	for _, d := range t.Domains {
		for i, it := range d.Items {
			obj, err := itemJSON(d, i, it)
			if err != nil {
				return err
			}
			out = append(out, obj)
		}
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// itemJSON writes an item's object with its keys in the template's order.
// The keys are written here rather than taken from Item's json tags, since
// encoding/json refuses a tag with full-width brackets (公开内容（要素）)
// and would name that key Content.
func itemJSON(d TemplateDomain, i int, it Item) (json.RawMessage, error) {
	pairs := []struct {
		key   string
		value any
	}{
		{"领域", d.DomainName}, {"领域代码", d.Domain}, {"序号", seqOf(i, it)}, {"一级事项", it.Level1}, {"二级事项", it.Level2},
		{"公开内容（要素）", it.Content}, {"公开依据", it.Basis}, {"公开时限", it.Deadline}, {"公开主体", it.Subject},
		{"公开渠道和载体", nonNil(it.Channels)}, {"其他渠道", it.ChannelsOther}, {"公开对象", nonNil(it.Audiences)},
		{"公开方式", nonNil(it.Modes)}, {"公开层级", nonNil(it.Levels)},
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	buf.WriteByte('{')
	for _, p := range pairs {
		if p.key == "其他渠道" && it.ChannelsOther == "" {
			continue
		}
		if buf.Len() > 1 {
			buf.WriteByte(',')
		}
		if err := enc.Encode(p.key); err != nil {
			return nil, err
		}
		buf.Truncate(buf.Len() - 1) // Encode ends each value with a newline
		buf.WriteByte(':')
		if err := enc.Encode(p.value); err != nil {
			return nil, err
		}
		buf.Truncate(buf.Len() - 1)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
