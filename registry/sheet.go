package registry

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
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

// readSheet reads CSV (UTF-8 with or without BOM, or GB18030 as Excel on
// Chinese Windows saves it; comma, semicolon or tab separated) or XLSX (the
// first sheet with data), finding the header row below any title rows.
func readSheet(r io.Reader, fileName string) (*sheet, error) {
	raw, err := io.ReadAll(io.LimitReader(r, MaxSheetBytes+1))
	if err != nil {
		return nil, err
	}
	if len(raw) > MaxSheetBytes {
		return nil, govmedia.Errorf(govmedia.EINVALID, "sheet.too_large", "limit", "32 MB")
	}
	var rows [][]string
	if isXLSX(raw, fileName) {
		rows, err = xlsxRows(raw)
	} else {
		rows, err = CSVRows(raw)
	}
	if err != nil {
		return nil, err
	}
	return newSheet(rows)
}

func isXLSX(raw []byte, fileName string) bool {
	ext := strings.ToLower(filepath.Ext(fileName))
	return ext == ".xlsx" || ext == ".xlsm" || bytes.HasPrefix(raw, []byte("PK\x03\x04"))
}

// A workbook is a zip of XML parts. These bound what reading one unpacks,
// so that a small file that inflates to gigabytes (a zip bomb) is refused
// before it is unpacked: maxUnzippedBytes in all, and at most
// maxUnzippedXMLBytes of a sheet held in memory (more goes to a temporary
// file). A register of tens of thousands of accounts unpacks to a few MB.
const (
	maxUnzippedBytes    = 64 << 20
	maxUnzippedXMLBytes = 16 << 20
)

func xlsxRows(raw []byte) ([][]string, error) {
	f, err := OpenXLSX(raw)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	for _, name := range f.GetSheetList() {
		rows, err := f.GetRows(name)
		if err != nil {
			return nil, govmedia.Errorf(govmedia.EINVALID, "sheet.unreadable_xlsx")
		}
		if len(rows) > 0 {
			return rows, nil
		}
	}
	return nil, govmedia.Errorf(govmedia.EINVALID, "sheet.empty")
}

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
		return nil, govmedia.Errorf(govmedia.EINVALID, "sheet.unreadable_xlsx")
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
		return govmedia.Errorf(govmedia.EINVALID, "sheet.unreadable_xlsx")
	}
	var total uint64
	for _, f := range z.File {
		if total += f.UncompressedSize64; total > maxUnzippedBytes {
			return govmedia.Errorf(govmedia.EINVALID, "sheet.unzips_too_large", "limit", "64 MB")
		}
	}
	return nil
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
