package catalog

import (
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"govmedia/registry"
)

// The rows of a sheet of the template: the title, the two header rows,
// then the items.
const (
	titleRow     = 1
	topHeaderRow = 2
	subHeaderRow = 3
	firstItemRow = 4
)

// sheetStyles are the template's cell styles.
type sheetStyles struct{ title, header, text, center int }

// WriteTemplateXLSX writes the catalogs as the official template: one sheet
// per domain named after it, a merged title row, two header rows with the
// group headers merged over their sub-columns, first-level items merged
// down over their second-level items, √ marks and ■/□ channels. With no
// domain it writes the blank template.
func WriteTemplateXLSX(w io.Writer, t Template) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newSheetStyles(f)
	if err != nil {
		return err
	}
	domains := t.Domains
	if len(domains) == 0 {
		domains = []TemplateDomain{{}}
	}
	used := map[string]bool{}
	for i, d := range domains {
		name := sheetName(d, used)
		if i == 0 {
			err = f.SetSheetName("Sheet1", name)
		} else {
			_, err = f.NewSheet(name)
		}
		if err == nil {
			err = writeSheet(f, name, t.Org, d, st)
		}
		if err != nil {
			return err
		}
	}
	_, err = f.WriteTo(w)
	return err
}

// sheetName is the domain's name, made fit for a sheet name (at most 31
// characters, none of :\/?*[]) and unique in the workbook.
func sheetName(d TemplateDomain, used map[string]bool) string {
	name := d.DomainName
	if name == "" {
		name = d.Domain
	}
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) {
			return '_'
		}
		return r
	}, name)
	if name == "" {
		name = "标准目录"
	}
	name = string([]rune(name)[:min(len([]rune(name)), 28)])
	base := name
	for n := 2; used[name]; n++ {
		name = base + strconv.Itoa(n)
	}
	used[name] = true
	return name
}

func writeSheet(f *excelize.File, sheet, org string, d TemplateDomain, st sheetStyles) error {
	cols := outColumns(false, anyVillage(d))
	last := len(cols)
	title := []TemplateDomain{d}
	if d.DomainName == "" {
		title = nil
	}
	if err := setRange(f, sheet, 1, titleRow, last, titleRow, templateTitle(org, title), st.title); err != nil {
		return err
	}
	if err := writeHeader(f, sheet, cols, st); err != nil {
		return err
	}
	for i, it := range d.Items {
		if err := writeItem(f, sheet, cols, d, i, it); err != nil {
			return err
		}
	}
	if err := mergeLevel1(f, sheet, d.Items); err != nil {
		return err
	}
	if err := styleColumns(f, sheet, cols, len(d.Items), st); err != nil {
		return err
	}
	return f.SetRowHeight(sheet, titleRow, 36)
}

// writeHeader writes the two header rows: single columns merged down over
// both, group headers merged across their sub-columns.
func writeHeader(f *excelize.File, sheet string, cols []outColumn, st sheetStyles) error {
	for i := 0; i < len(cols); i++ {
		c := cols[i]
		if c.group == "" {
			if err := setRange(f, sheet, i+1, topHeaderRow, i+1, subHeaderRow, c.name, st.header); err != nil {
				return err
			}
			continue
		}
		end := i
		for end+1 < len(cols) && cols[end+1].group == c.group {
			end++
		}
		if err := setRange(f, sheet, i+1, topHeaderRow, end+1, topHeaderRow, c.group, st.header); err != nil {
			return err
		}
		for j := i; j <= end; j++ {
			if err := setRange(f, sheet, j+1, subHeaderRow, j+1, subHeaderRow, cols[j].name, st.header); err != nil {
				return err
			}
		}
		i = end
	}
	return nil
}

// writeItem writes an item's row; the first-level item only where it
// changes, since mergeLevel1 merges it down.
func writeItem(f *excelize.File, sheet string, cols []outColumn, d TemplateDomain, i int, it Item) error {
	cells := itemCells(cols, d, i, it)
	if i > 0 && it.Level1 == d.Items[i-1].Level1 {
		cells[1] = ""
	}
	values := make([]any, len(cells))
	values[0] = seqOf(i, it) // a number, as people type it
	for j, v := range cells[1:] {
		values[j+1] = registry.SheetCell(v)
	}
	first, _ := excelize.CoordinatesToCellName(1, firstItemRow+i)
	return f.SetSheetRow(sheet, first, &values)
}

// styleColumns styles the items' cells and sets the columns' widths: text
// wraps, 序号 and marks are centred.
func styleColumns(f *excelize.File, sheet string, cols []outColumn, items int, st sheetStyles) error {
	for i, c := range cols {
		name, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(sheet, name, name, c.width); err != nil {
			return err
		}
		if items == 0 {
			continue
		}
		style := st.text
		if c.name == "序号" || (c.group != "" && c.group != "公开事项") {
			style = st.center
		}
		top, bottom := name+strconv.Itoa(firstItemRow), name+strconv.Itoa(firstItemRow+items-1)
		if err := f.SetCellStyle(sheet, top, bottom, style); err != nil {
			return err
		}
	}
	return nil
}

// mergeLevel1 merges each first-level item down over the rows of its
// second-level items, as the template shows them.
func mergeLevel1(f *excelize.File, sheet string, items []Item) error {
	for start := 0; start < len(items); {
		end := start
		for end+1 < len(items) && items[end+1].Level1 == items[start].Level1 {
			end++
		}
		if end > start && items[start].Level1 != "" {
			top, _ := excelize.CoordinatesToCellName(2, firstItemRow+start)
			bottom, _ := excelize.CoordinatesToCellName(2, firstItemRow+end)
			if err := f.MergeCell(sheet, top, bottom); err != nil {
				return err
			}
		}
		start = end + 1
	}
	return nil
}

// setRange writes value into the first cell of a range, merges the range
// when it is more than one cell, and styles it.
func setRange(f *excelize.File, sheet string, c1, r1, c2, r2 int, value string, style int) error {
	top, _ := excelize.CoordinatesToCellName(c1, r1)
	bottom, _ := excelize.CoordinatesToCellName(c2, r2)
	if err := f.SetCellStr(sheet, top, registry.SheetCell(value)); err != nil {
		return err
	}
	if top != bottom {
		if err := f.MergeCell(sheet, top, bottom); err != nil {
			return err
		}
	}
	return f.SetCellStyle(sheet, top, bottom, style)
}

func newSheetStyles(f *excelize.File) (sheetStyles, error) {
	border := []excelize.Border{{Type: "left", Style: 1, Color: "000000"}, {Type: "right", Style: 1, Color: "000000"},
		{Type: "top", Style: 1, Color: "000000"}, {Type: "bottom", Style: 1, Color: "000000"}}
	specs := []*excelize.Style{
		{Font: &excelize.Font{Bold: true, Size: 16}, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}},
		{Font: &excelize.Font{Bold: true}, Border: border, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}},
		{Border: border, Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}},
		{Border: border, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}},
	}
	ids := make([]int, len(specs))
	for i, s := range specs {
		id, err := f.NewStyle(s)
		if err != nil {
			return sheetStyles{}, err
		}
		ids[i] = id
	}
	return sheetStyles{title: ids[0], header: ids[1], text: ids[2], center: ids[3]}, nil
}
