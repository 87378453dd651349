package catalog

import (
	"archive/zip"
	"bytes"
	"io"
	"sort"
	"strings"

	"github.com/xuri/excelize/v2"

	"govmedia"
	"govmedia/registry"
)

// xlsxTables reads every worksheet, with each merged range's value copied
// into the cells it covers: a first-level item merged down over its
// second-level items, a group header merged over its sub-columns.
func xlsxTables(data []byte) ([]table, error) {
	if err := checkMerges(data); err != nil {
		return nil, err
	}
	f, err := registry.OpenXLSX(data)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []table
	total := 0
	for _, name := range f.GetSheetList() {
		t, err := xlsxTable(f, name, maxRows-total)
		if err != nil {
			return nil, err
		}
		total += len(t.rows)
		out = append(out, t)
	}
	return out, nil
}

func xlsxTable(f *excelize.File, name string, room int) (table, error) {
	t := table{sheet: name}
	it, err := f.Rows(name)
	if err != nil {
		return t, unreadable()
	}
	defer it.Close()
	for num := 1; it.Next(); num++ {
		cells, err := it.Columns()
		if err != nil {
			return t, unreadable()
		}
		if r, ok := newRow(num, cells); ok {
			if len(t.rows) == room {
				return t, tooManyRows()
			}
			t.rows = append(t.rows, r)
		}
	}
	if it.Error() != nil {
		return t, unreadable()
	}
	merges, err := f.GetMergeCells(name, true)
	if err != nil {
		return t, unreadable()
	}
	return t, fillMerges(t.rows, merges)
}

// fillMerges copies each range's first cell into the cells it covers, in
// the rows that hold values of their own (a range drawn over trailing
// blank rows makes no rows of them). excelize has joined overlapping
// ranges, so this writes each cell at most once.
func fillMerges(rows []row, merges []excelize.MergeCell) error {
	for _, m := range merges {
		c1, r1, err := excelize.CellNameToCoordinates(m.GetStartAxis())
		if err != nil {
			return unreadable()
		}
		c2, r2, err := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err != nil {
			return unreadable()
		}
		first := sort.Search(len(rows), func(i int) bool { return rows[i].num >= r1 })
		if first == len(rows) || rows[first].num != r1 || rows[first].cell(c1-1) == "" {
			continue
		}
		value := rows[first].cell(c1 - 1)
		for i := first; i < len(rows) && rows[i].num <= r2; i++ {
			rows[i].fill(c1-1, min(c2, maxColumns)-1, value)
		}
	}
	return nil
}

// fill sets cells from..to (0-based) to a merged range's value.
func (r *row) fill(from, to int, value string) {
	for len(r.cells) <= to {
		r.cells = append(r.cells, "")
	}
	if r.merged == nil {
		r.merged = make([]bool, len(r.cells))
	}
	for len(r.merged) < len(r.cells) {
		r.merged = append(r.merged, false)
	}
	for c := from; c <= to; c++ {
		if r.cells[c] == "" {
			r.cells[c], r.merged[c] = value, true
		}
	}
}

// checkMerges refuses a workbook with more merged ranges in a sheet than
// a catalog has: excelize joins overlapping ranges in time that grows with
// the square of their number, and a crafted file could hold half a million.
func checkMerges(data []byte) error {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return unreadable()
	}
	for _, zf := range z.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/") || !strings.HasSuffix(zf.Name, ".xml") {
			continue
		}
		n, err := countMerges(zf)
		if err != nil {
			return unreadable()
		}
		if n > maxMerges {
			return govmedia.Errorf(govmedia.EINVALID, "catalog_import.too_many_merges", "limit", maxMerges)
		}
	}
	return nil
}

// countMerges counts the mergeCell elements of a sheet's XML as it streams
// by, within the size its zip directory declares (registry.OpenXLSX
// refuses a workbook that declares too much).
func countMerges(zf *zip.File) (int, error) {
	rc, err := zf.Open()
	if err != nil {
		return 0, err
	}
	defer rc.Close()
	const tag = "mergeCell"
	buf, n, carry := make([]byte, 64<<10), 0, 0
	for {
		k, err := io.ReadFull(rc, buf[carry:])
		chunk := buf[:carry+k]
		n += bytes.Count(chunk, []byte(tag)) - bytes.Count(chunk, []byte(tag+"s"))
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		// Keep the tail that could start a tag cut by the chunk's end.
		carry = copy(buf, chunk[len(chunk)-len(tag):])
		n -= bytes.Count(buf[:carry], []byte(tag)) - bytes.Count(buf[:carry], []byte(tag+"s"))
	}
}

func unreadable() error {
	return govmedia.Errorf(govmedia.EINVALID, "sheet.unreadable_xlsx")
}
