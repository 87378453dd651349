package registry

import (
	"bytes"
	"encoding/csv"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"govmedia"
)

// sheet is a table read from a CSV or XLSX file: the header row and the
// records under it, each with its row number as a spreadsheet shows it.
type sheet struct {
	header  []string
	records []record
}

type record struct {
	row   int
	cells []string
}

// MaxSheetBytes bounds what an import reads: the register here, the
// catalog template in package catalog.
const MaxSheetBytes = 32 << 20

// sheetLimits bound the org file and the account register: a city's
// register holds a few thousand accounts.
var sheetLimits = TableLimits{Rows: 20000, Columns: 64, Merges: 10000}

// readSheet reads the first table with data of a CSV or XLSX file (see
// ReadTables), finding the header row below any title rows.
func readSheet(r io.Reader, fileName string) (*sheet, error) {
	raw, err := readUpload(r)
	if err != nil {
		return nil, err
	}
	tables, err := ReadTables(fileName, raw, sheetLimits)
	if err != nil {
		return nil, err
	}
	for _, t := range tables {
		if len(t.Rows) > 0 {
			return newSheet(t.Rows)
		}
	}
	return nil, govmedia.Errorf(govmedia.EINVALID, "sheet.empty")
}

// readUpload reads a file of at most MaxSheetBytes.
func readUpload(r io.Reader) ([]byte, error) {
	raw, err := io.ReadAll(io.LimitReader(r, MaxSheetBytes+1))
	if err != nil {
		return nil, err
	}
	if len(raw) > MaxSheetBytes {
		return nil, govmedia.Errorf(govmedia.EINVALID, "sheet.too_large", "limit", "32 MB")
	}
	return raw, nil
}

// CSVRows reads a CSV file as Excel, WPS and LibreOffice save it: UTF-8
// with or without BOM, or GB18030 as Excel on Chinese Windows saves it;
// comma, semicolon or tab separated, rows of any length.
func CSVRows(raw []byte) ([][]string, error) {
	raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(raw) {
		decoded, err := simplifiedchinese.GB18030.NewDecoder().Bytes(raw)
		if err != nil {
			return nil, govmedia.Errorf(govmedia.EINVALID, "sheet.bad_encoding")
		}
		raw = decoded
	}
	cr := csv.NewReader(bytes.NewReader(raw))
	cr.Comma = guessSeparator(raw)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	rows, err := cr.ReadAll()
	if err != nil {
		return nil, govmedia.Errorf(govmedia.EINVALID, "sheet.bad_csv", "reason", err.Error())
	}
	return rows, nil
}

func guessSeparator(raw []byte) rune {
	line, _, _ := bytes.Cut(raw, []byte("\n"))
	best, count := ',', bytes.Count(line, []byte(","))
	for _, sep := range []rune{'\t', ';'} {
		if n := bytes.Count(line, []byte(string(sep))); n > count {
			best, count = sep, n
		}
	}
	return best
}
