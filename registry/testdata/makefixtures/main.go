// Command makefixtures writes the account registers that the registry's
// import tests read, each as a city keeps it:
//
//   - testdata/excelize: written by excelize from registers.go;
//   - testdata/libreoffice: the same opened and saved again by LibreOffice
//     Calc (libreoffice --headless --convert-to xlsx);
//   - testdata/wps: the excelize workbooks with what WPS Office writes
//     where it differs and can be reproduced here (see wps.go);
//   - testdata/csv: the city's first sheet saved by LibreOffice as CSV, and
//     the bad rows as Excel and WPS save a CSV on Chinese Windows: GB18030,
//     CRLF, a merged cell's value in its first cell only.
//
// Run from the module root, with LibreOffice installed
// (apt-get install libreoffice-calc):
//
//	go run ./registry/testdata/makefixtures
//
// The tests hold their own expectations of what each file says; they do
// not read this program.
package main

import (
	"bytes"
	"encoding/csv"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// sheet is one sheet: its rows from row 1, and its merged ranges.
type sheet struct {
	name   string
	rows   [][]any
	merges []string
}

type workbook struct {
	file   string
	sheets []sheet
}

const dir = "registry/testdata"

func main() {
	for _, wb := range []workbook{cityRegister(), badRows()} {
		path := filepath.Join(dir, "excelize", wb.file)
		if err := write(wb, path, false); err != nil {
			log.Fatalf("%s: %v", path, err)
		}
		libreoffice(path, "xlsx", filepath.Join(dir, "libreoffice"))
		wpsPath := filepath.Join(dir, "wps", wb.file)
		if err := writeWPS(wb, wpsPath); err != nil {
			log.Fatalf("%s: %v", wpsPath, err)
		}
	}
	cityCSV()
	excelCSV(badRows().sheets[0], filepath.Join(dir, "csv", "bad-rows.gb18030.csv"))
}

// write writes a workbook with excelize; numbers are written as numbers
// when asNumbers is set (as a clerk types a phone into WPS), as text
// otherwise.
func write(wb workbook, path string, asNumbers bool) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := fill(f, wb, asNumbers); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return f.SaveAs(path)
}

func fill(f *excelize.File, wb workbook, asNumbers bool) error {
	for i, s := range wb.sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			return err
		}
		for r, cells := range s.rows {
			for c, v := range cells {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if phone, ok := v.(phoneNumber); ok && asNumbers {
					v = phone.value
				} else if ok {
					v = phone.text
				}
				if err := f.SetCellValue(s.name, cell, v); err != nil {
					return err
				}
			}
		}
		for _, m := range s.merges {
			from, to, _ := strings.Cut(m, ":")
			if err := f.MergeCell(s.name, from, to); err != nil {
				return err
			}
		}
	}
	return nil
}

// libreoffice re-saves a file with LibreOffice Calc in the given format.
func libreoffice(path, format, outDir string) {
	home, err := os.MkdirTemp("", "lo-home")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(home)
	cmd := exec.Command("libreoffice", "--headless", "-env:UserInstallation=file://"+home,
		"--convert-to", format, "--outdir", outDir, path)
	if out, err := cmd.CombinedOutput(); err != nil {
		log.Fatalf("libreoffice %s: %v\n%s", path, err, out)
	}
}

// cityCSV saves the city's first sheet as CSV with LibreOffice (UTF-8,
// comma separated, quoted as needed; a merged cell's value in its first
// cell only), then stores it in GB18030 with CRLF line ends, as Excel and
// WPS write a CSV on Chinese Windows.
func cityCSV() {
	tmp, err := os.MkdirTemp("", "csv")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	libreoffice(filepath.Join(dir, "libreoffice", "city-register.xlsx"), `csv:Text - txt - csv (StarCalc):44,34,76,1`, tmp)
	raw, err := os.ReadFile(filepath.Join(tmp, "city-register.csv"))
	if err != nil {
		log.Fatal(err)
	}
	recode(raw, filepath.Join(dir, "csv", "city-register.gb18030.csv"))
}

// excelCSV writes a sheet as Excel saves it as "CSV (逗号分隔)": every row
// as wide as the sheet, a merged range's value in its first cell only.
func excelCSV(s sheet, path string) {
	width := 0
	for _, r := range s.rows {
		width = max(width, len(r))
	}
	var records [][]string
	for _, r := range s.rows {
		rec := make([]string, width)
		for i, v := range r {
			rec[i] = text(v)
		}
		records = append(records, rec)
	}
	writeExcelCSV(records, path)
}

// recode stores a CSV LibreOffice wrote as Excel would have.
func recode(raw []byte, path string) {
	records, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
	if err != nil {
		log.Fatal(err)
	}
	writeExcelCSV(records, path)
}

// writeExcelCSV writes records as Excel on Chinese Windows does: GB18030,
// quotes only where a cell needs them, CRLF between rows and a bare LF for
// a line break inside a cell.
func writeExcelCSV(records [][]string, path string) {
	var b strings.Builder
	for _, rec := range records {
		for i, c := range rec {
			if i > 0 {
				b.WriteByte(',')
			}
			if strings.ContainsAny(c, ",\"\n") {
				c = `"` + strings.ReplaceAll(c, `"`, `""`) + `"`
			}
			b.WriteString(c)
		}
		b.WriteString("\r\n")
	}
	gb, err := simplifiedchinese.GB18030.NewEncoder().String(b.String())
	if err != nil {
		log.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(gb), 0o644); err != nil {
		log.Fatal(err)
	}
}
