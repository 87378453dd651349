package registry

import (
	"archive/zip"
	"bytes"
	"io"
	"sort"
	"strings"

	"github.com/xuri/excelize/v2"

	"govmedia"
)

// A workbook is a zip of XML parts. These bound what reading one unpacks,
// so that a small file that inflates to gigabytes (a zip bomb) is refused
// before it is unpacked: maxUnzippedBytes in all, and at most
// maxUnzippedXMLBytes of a sheet held in memory (more goes to a temporary
// file). A register of tens of thousands of accounts unpacks to a few MB.
const (
	maxUnzippedBytes    = 64 << 20
	maxUnzippedXMLBytes = 16 << 20
)

// OpenXLSX opens a workbook for reading within the unzip limits above, with
// cell values as stored (no number formats applied, so that 001 stays 001).
// Errors are fit for users; the caller closes the file.
func OpenXLSX(raw []byte) (*excelize.File, error) {
	if err := checkUnzippedSize(raw); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(raw), excelize.Options{RawCellValue: true,
		UnzipSizeLimit: maxUnzippedBytes, UnzipXMLSizeLimit: maxUnzippedXMLBytes})
	if err != nil {
		return nil, unreadableXLSX()
	}
	return f, nil
}

// checkUnzippedSize refuses a workbook whose parts would unpack to more
// than maxUnzippedBytes, as its zip directory declares them (reading a part
// past its declared size fails), with a message that says so; excelize's
// own limits stand behind it.
func checkUnzippedSize(raw []byte) error {
	z, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		return unreadableXLSX()
	}
	var total uint64
	for _, f := range z.File {
		if total += f.UncompressedSize64; total > maxUnzippedBytes {
			return govmedia.Errorf(govmedia.EINVALID, "sheet.unzips_too_large", "limit", "64 MB")
		}
	}
	return nil
}

// xlsxTables reads every worksheet, with each merged range's value copied
// into the cells it covers.
func xlsxTables(data []byte, lim TableLimits) ([]Table, error) {
	if err := checkUnzippedSize(data); err != nil {
		return nil, err
	}
	if err := checkMerges(data, lim.Merges); err != nil {
		return nil, err
	}
	f, err := OpenXLSX(data)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Table
	total := 0
	for _, name := range f.GetSheetList() {
		t, err := xlsxTable(f, name, lim, lim.Rows-total)
		if err != nil {
			return nil, err
		}
		total += len(t.Rows)
		out = append(out, t)
	}
	return out, nil
}

func xlsxTable(f *excelize.File, name string, lim TableLimits, room int) (Table, error) {
	t := Table{Sheet: name}
	it, err := f.Rows(name)
	if err != nil {
		return t, unreadableXLSX()
	}
	defer it.Close()
	for num := 1; it.Next(); num++ {
		cells, err := it.Columns()
		if err != nil {
			return t, unreadableXLSX()
		}
		if r, ok := newRow(num, cells, lim.Columns); ok {
			if len(t.Rows) == room {
				return t, tooManyRows(lim.Rows)
			}
			t.Rows = append(t.Rows, r)
		}
	}
	if it.Error() != nil {
		return t, unreadableXLSX()
	}
	merges, err := f.GetMergeCells(name, true)
	if err != nil {
		return t, unreadableXLSX()
	}
	return t, fillMerges(t.Rows, merges, lim.Columns)
}

// fillMerges copies each range's first cell into the cells it covers, in
// the rows that hold values of their own (a range drawn over trailing
// blank rows makes no rows of them). excelize has joined overlapping
// ranges, so this writes each cell at most once.
func fillMerges(rows []Row, merges []excelize.MergeCell, columns int) error {
	for _, m := range merges {
		c1, r1, err := excelize.CellNameToCoordinates(m.GetStartAxis())
		if err != nil {
			return unreadableXLSX()
		}
		c2, r2, err := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err != nil {
			return unreadableXLSX()
		}
		first := sort.Search(len(rows), func(i int) bool { return rows[i].Num >= r1 })
		if first == len(rows) || rows[first].Num != r1 || rows[first].Cell(c1-1) == "" {
			continue
		}
		value := rows[first].Cell(c1 - 1)
		for i := first; i < len(rows) && rows[i].Num <= r2; i++ {
			rows[i].fill(c1-1, min(c2, columns)-1, value)
		}
	}
	return nil
}

// fill sets cells from..to (0-based) to a merged range's value.
func (r *Row) fill(from, to int, value string) {
	for len(r.Cells) <= to {
		r.Cells = append(r.Cells, "")
	}
	if r.Merged == nil {
		r.Merged = make([]bool, len(r.Cells))
	}
	for len(r.Merged) < len(r.Cells) {
		r.Merged = append(r.Merged, false)
	}
	for c := from; c <= to; c++ {
		if r.Cells[c] == "" {
			r.Cells[c], r.Merged[c] = value, true
		}
	}
}

// checkMerges refuses a workbook with more merged ranges in a sheet than
// limit: excelize joins overlapping ranges in time that grows with the
// square of their number, and a crafted file could hold half a million.
func checkMerges(data []byte, limit int) error {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return unreadableXLSX()
	}
	for _, zf := range z.File {
		// WPS names its parts with backslashes; excelize reads them so too.
		name := strings.ReplaceAll(zf.Name, `\`, "/")
		if !strings.HasPrefix(name, "xl/worksheets/") || !strings.HasSuffix(name, ".xml") {
			continue
		}
		n, err := countMerges(zf)
		if err != nil {
			return unreadableXLSX()
		}
		if n > limit {
			return govmedia.Errorf(govmedia.EINVALID, "sheet.too_many_merges", "limit", limit)
		}
	}
	return nil
}

// countMerges counts the mergeCell elements of a sheet's XML as it streams
// by, within the size its zip directory declares (checkUnzippedSize has
// refused a workbook that declares too much).
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

func unreadableXLSX() error {
	return govmedia.Errorf(govmedia.EINVALID, "sheet.unreadable_xlsx")
}
