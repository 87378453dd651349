package catalog

import (
	"bytes"
	"path/filepath"
	"strings"
	"unicode"

	"govmedia"
	"govmedia/registry"
)

// table is one sheet of a file: its non-empty rows, each with the number a
// spreadsheet shows for it.
type table struct {
	sheet string // "" for CSV
	rows  []row
}

// row is one non-empty row. merged marks the cells that hold a merged
// range's value copied from its first cell rather than their own (nil when
// none do): such cells never make a row an item by themselves.
type row struct {
	num    int
	cells  []string
	merged []bool
}

// readTables reads every sheet of an xlsx file, or the one table of a CSV.
func readTables(name string, data []byte) ([]table, error) {
	ext := strings.ToLower(filepath.Ext(name))
	if ext == ".xlsx" || ext == ".xlsm" || bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return xlsxTables(data)
	}
	records, err := registry.CSVRows(data)
	if err != nil {
		return nil, err
	}
	t := table{}
	for i, rec := range records {
		if r, ok := newRow(i+1, rec); ok {
			if len(t.rows) == maxRows {
				return nil, tooManyRows()
			}
			t.rows = append(t.rows, r)
		}
	}
	return []table{t}, nil
}

// newRow cleans a row's cells, and reports false for a row with none.
func newRow(num int, cells []string) (row, bool) {
	if len(cells) > maxColumns {
		cells = cells[:maxColumns]
	}
	out, any := make([]string, len(cells)), false
	for i, c := range cells {
		out[i] = cellText(c)
		any = any || out[i] != ""
	}
	return row{num: num, cells: out}, any
}

// cellText is a cell's value: spaces trimmed (full-width and no-break ones
// too), line breaks as \n, and the quote an export puts before a
// formula-like value taken off (see registry.SheetCell).
func cellText(c string) string {
	c = strings.ReplaceAll(c, "\r\n", "\n")
	c = strings.TrimFunc(c, func(r rune) bool { return unicode.IsSpace(r) || r == '\ufeff' })
	return registry.SheetValue(c)
}

func (r row) cell(i int) string {
	if i < 0 || i >= len(r.cells) {
		return ""
	}
	return r.cells[i]
}

// own reports whether cell i holds a value of the row's own.
func (r row) own(i int) bool {
	return r.cell(i) != "" && (i >= len(r.merged) || !r.merged[i])
}

func tooManyRows() error {
	return govmedia.Errorf(govmedia.EINVALID, "catalog_import.too_many_rows", "limit", maxRows)
}
