package registry

import (
	"bytes"
	"path/filepath"
	"strings"
	"unicode"

	"govmedia"
)

// Table is one sheet of a workbook, or the one table of a CSV file: its
// non-empty rows, each numbered as a spreadsheet shows it. The account
// register here and the catalog template in package catalog read files
// through it.
type Table struct {
	Sheet string // "" for CSV
	Rows  []Row
}

// Row is one non-empty row. Merged marks the cells that hold a merged
// range's value copied from its first cell rather than their own (nil when
// none do): a unit's name merged down over its accounts, a group header
// merged over its sub-columns.
type Row struct {
	Num    int
	Cells  []string
	Merged []bool
}

// Cell is the text of cell i, "" past the row's end.
func (r Row) Cell(i int) string {
	if i < 0 || i >= len(r.Cells) {
		return ""
	}
	return r.Cells[i]
}

// Own reports whether cell i holds a value of the row's own, not one
// copied from a merged range.
func (r Row) Own(i int) bool {
	return r.Cell(i) != "" && (i >= len(r.Merged) || !r.Merged[i])
}

// First is the row's first non-empty cell.
func (r Row) First() string {
	for _, c := range r.Cells {
		if c != "" {
			return c
		}
	}
	return ""
}

// Text is the row's text as one line, each merged value once.
func (r Row) Text() string {
	var parts []string
	seen := map[string]bool{}
	for _, c := range r.Cells {
		if c != "" && !seen[c] {
			parts, seen[c] = append(parts, c), true
		}
	}
	return strings.Join(parts, " ")
}

// TableLimits bound what ReadTables keeps: Rows non-empty rows in all
// sheets together, Columns cells of a row (cells further right are
// dropped), Merges merged ranges in a sheet.
type TableLimits struct {
	Rows, Columns, Merges int
}

// ReadTables reads every sheet of an xlsx file (as Excel, WPS and
// LibreOffice save it, each merged range's value copied into the cells it
// covers), or the one table of a CSV file (see CSVRows). Cells are as
// CellText reads them. Errors are fit for users (EINVALID): an unreadable
// file, or one past the limits (sheet.too_many_rows, sheet.too_many_merges).
func ReadTables(fileName string, data []byte, lim TableLimits) ([]Table, error) {
	if len(data) > MaxSheetBytes {
		return nil, govmedia.Errorf(govmedia.EINVALID, "sheet.too_large", "limit", "32 MB")
	}
	if isXLSX(data, fileName) {
		return xlsxTables(data, lim)
	}
	records, err := CSVRows(data)
	if err != nil {
		return nil, err
	}
	t := Table{}
	for i, rec := range records {
		if r, ok := newRow(i+1, rec, lim.Columns); ok {
			if len(t.Rows) == lim.Rows {
				return nil, tooManyRows(lim.Rows)
			}
			t.Rows = append(t.Rows, r)
		}
	}
	return []Table{t}, nil
}

func isXLSX(raw []byte, fileName string) bool {
	ext := strings.ToLower(filepath.Ext(fileName))
	return ext == ".xlsx" || ext == ".xlsm" || bytes.HasPrefix(raw, []byte("PK\x03\x04"))
}

// newRow reads a row's cells, and reports false for a row with none.
func newRow(num int, cells []string, columns int) (Row, bool) {
	if len(cells) > columns {
		cells = cells[:columns]
	}
	out, any := make([]string, len(cells)), false
	for i, c := range cells {
		out[i] = CellText(c)
		any = any || out[i] != ""
	}
	return Row{Num: num, Cells: out}, any
}

// CellText is a cell's value: spaces trimmed (full-width and no-break ones
// too), line breaks as \n, and the quote an export puts before a
// formula-like value taken off (see SheetCell).
func CellText(c string) string {
	c = strings.ReplaceAll(c, "\r\n", "\n")
	c = strings.TrimFunc(c, func(r rune) bool { return unicode.IsSpace(r) || r == '\ufeff' || r == '\u200b' })
	return SheetValue(c)
}

func tooManyRows(limit int) error {
	return govmedia.Errorf(govmedia.EINVALID, "sheet.too_many_rows", "limit", limit)
}
