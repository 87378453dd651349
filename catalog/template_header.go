package catalog

import (
	"govmedia"
)

// headerScanRows is how far down the header is looked for, past the title
// and the 填报单位 lines.
const headerScanRows = 12

// column is one understood column of a sheet.
type column struct {
	index  int
	header string // as the file writes it, for messages
	other  string // the free text a mark in a channel sub-column not listed stands for
	meaning
}

// header is a sheet's header: one row, or two with group headers merged
// over sub-columns; first and last index the sheet's rows.
type header struct {
	first, last int
	cols        []column
	unknown     []string
}

// findHeader finds the header: the first of the top rows with at least
// three headers of the template, and the row under it when that holds the
// sub-columns (一级事项, 全社会, 主动, 县级 …). ok is false for a sheet
// that holds no catalog.
func findHeader(rows []row) (header, bool) {
	for i := 0; i < len(rows) && i < headerScanRows; i++ {
		if knownHeaders(rows[i]) < 3 {
			continue
		}
		h := header{first: i, last: i}
		if i+1 < len(rows) && isSubHeader(rows[i], rows[i+1]) {
			h.last = i + 1
		}
		return h, true
	}
	return header{}, false
}

func knownHeaders(r row) int {
	n := 0
	for _, c := range r.Cells {
		if _, ok := lookupHeader(c); ok && c != "" {
			n++
		}
	}
	return n
}

// isSubHeader reports whether b is the second header row under a: it names
// a sub-column, and each of its cells is a header, a copy of the cell above
// (merged down), or under a group header (a sub-column not understood).
// An item's row always holds some text that is none of these.
func isSubHeader(a, b row) bool {
	groups := groupsOf(a)
	subs := 0
	for j, cell := range b.Cells {
		m, known := lookupHeader(cell)
		switch {
		case cell == "" || cell == a.Cell(j):
		case known && m.sub():
			subs++
		case known || groups[j].group != noGroup:
		default:
			return false
		}
	}
	return subs > 0
}

// over is the group header over a column, and its wording.
type over struct {
	group
	name string
}

// groupsOf is the group over each column of the first header row: a group
// header stands over the empty cells to its right, as a CSV or an unmerged
// sheet writes it.
func groupsOf(a row) []over {
	out := make([]over, maxColumns)
	cur := over{}
	for j := range out {
		if cell := a.Cell(j); cell != "" {
			m, _ := lookupHeader(cell)
			cur = over{m.group, cell}
		}
		out[j] = cur
	}
	return out
}

// columns understands each column of the header; errs are the headers
// whose not being understood makes the sheet unreadable.
func (h *header) columns(sheet string, rows []row) (errs govmedia.FieldErrors) {
	a, b := rows[h.first], row{}
	if h.last > h.first {
		b = rows[h.last]
	}
	groups := groupsOf(a)
	seen := map[string]bool{}
	for j := 0; j < max(len(a.Cells), len(b.Cells)); j++ {
		c, ok, err := classify(j, a.Cell(j), b.Cell(j), groups[j])
		if err != nil {
			errs = append(errs, govmedia.FieldError{Sheet: sheet, Row: b.Num, Column: c.header, Err: err})
			continue
		}
		key := c.key()
		switch {
		case !ok && c.header != "":
			h.unknown = append(h.unknown, c.header)
		case ok && seen[key]:
			h.unknown = append(h.unknown, c.header) // a second column of the same meaning
		case ok:
			seen[key] = true
			h.cols = append(h.cols, c)
		}
	}
	return append(errs, h.missing(sheet, a.Num)...)
}

// key names what a column holds, to find a column given twice.
func (c column) key() string {
	k := string(rune('a' + int(c.field)))
	for _, v := range c.values {
		k += "/" + v
	}
	return k
}

// classify understands column j from its header cells: a in the first
// header row (or the group carried over it), b in the second. ok is false
// for a header not understood; err is set when that makes the sheet
// unreadable (a sub-column of 公开对象, 公开方式 or 公开层级 whose marks
// would mean nothing).
func classify(j int, a, b string, g over) (c column, ok bool, err *govmedia.Error) {
	c = column{index: j, header: a}
	if b == "" || b == a {
		m, ok := lookupHeader(a)
		c.meaning = asItems(m)
		return c, ok, nil
	}
	c.header = b
	if m, ok := lookupHeader(b); ok {
		c.meaning = asItems(m)
		return c, true, nil
	}
	switch g.group {
	case audienceGroup, modeGroup, levelGroup:
		return c, false, govmedia.Errorf(govmedia.EINVALID, "catalog_import.sub_header_unknown",
			"header", b, "group", g.name, "expected", expectedSubs[g.group])
	case channelsGroup:
		// A channel the template does not list: its marks are 其他, its name the free text.
		c.meaning = meaning{field: channelMark, values: []string{string(OtherChannel)}}
		c.other = b
		return c, true, nil
	}
	if g.name != "" {
		c.header = g.name + "·" + b
	}
	return c, false, nil
}

// asItems reads a lone 公开事项 column, with no sub-columns, as 二级事项.
func asItems(m meaning) meaning {
	if m.group == itemsGroup && m.field == noField {
		m.field = level2Field
	}
	return m
}

// expectedSubs are the sub-columns of each group, for messages.
var expectedSubs = map[group]string{
	audienceGroup: "全社会、特定群体",
	modeGroup:     "主动、依申请",
	levelGroup:    "县级、乡级（或乡、村级，镇级、村级）",
}

// missing names the columns a catalog cannot do without.
func (h *header) missing(sheet string, rowNum int) govmedia.FieldErrors {
	var errs govmedia.FieldErrors
	need := func(name string, found bool) {
		if !found {
			errs = append(errs, govmedia.FieldError{Sheet: sheet, Row: rowNum, Column: name,
				Err: govmedia.Errorf(govmedia.EINVALID, "catalog_import.column_missing", "column", name)})
		}
	}
	need("二级事项", h.has(level2Field, ""))
	need("公开内容（要素）", h.has(contentField, ""))
	words := h.has(modeWords, "")
	need("公开方式·主动", words || h.has(modeMark, string(Proactive)))
	need("公开方式·依申请", words || h.has(modeMark, string(OnRequest)))
	return errs
}

func (h *header) has(f field, value string) bool {
	for _, c := range h.cols {
		if c.field == f && (value == "" || (len(c.values) == 1 && c.values[0] == value)) {
			return true
		}
	}
	return false
}
