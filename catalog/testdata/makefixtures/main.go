// Command makefixtures writes the catalog template files that the catalog
// tests read: each workbook as excelize writes it (testdata/excelize), the
// same re-saved by LibreOffice Calc (testdata/libreoffice), and the first
// sheet of the county's workbook saved by LibreOffice as CSV, then stored
// as UTF-8 with a BOM and as GB18030 (testdata/csv), as Excel on Chinese
// Windows saves it.
//
// Run from the module root, with LibreOffice installed
// (apt-get install libreoffice-calc):
//
//	go run ./catalog/testdata/makefixtures
//
// The tests hold their own expectations of what each file says; they do not
// read this program.
package main

import (
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

const dir = "catalog/testdata"

func main() {
	for _, wb := range []workbook{countyFilled(), severalSheets(), domainColumn(), badRows()} {
		path := filepath.Join(dir, "excelize", wb.file)
		if err := write(wb, path); err != nil {
			log.Fatalf("%s: %v", path, err)
		}
		libreoffice(path, "xlsx", filepath.Join(dir, "libreoffice"))
	}
	countyCSV()
}

func write(wb workbook, path string) error {
	f := excelize.NewFile()
	defer f.Close()
	for i, s := range wb.sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			return err
		}
		for r, cells := range s.rows {
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := f.SetSheetRow(s.name, cell, &cells); err != nil {
				return err
			}
		}
		for _, m := range s.merges {
			from, to, _ := strings.Cut(m, ":")
			if err := f.MergeCell(s.name, from, to); err != nil {
				return err
			}
		}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return f.SaveAs(path)
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

// countyCSV saves the county's first sheet as CSV with LibreOffice (UTF-8,
// comma separated, quoted as needed), then stores it with a BOM and in
// GB18030.
func countyCSV() {
	tmp, err := os.MkdirTemp("", "csv")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	libreoffice(filepath.Join(dir, "libreoffice", "county-filled.xlsx"), `csv:Text - txt - csv (StarCalc):44,34,76,1`, tmp)
	raw, err := os.ReadFile(filepath.Join(tmp, "county-filled.csv"))
	if err != nil {
		log.Fatal(err)
	}
	gb, err := simplifiedchinese.GB18030.NewEncoder().Bytes(raw)
	if err != nil {
		log.Fatal(err)
	}
	out := filepath.Join(dir, "csv")
	if err := os.MkdirAll(out, 0o755); err != nil {
		log.Fatal(err)
	}
	for name, data := range map[string][]byte{"county-filled.utf8bom.csv": append([]byte("\ufeff"), raw...), "county-filled.gb18030.csv": gb} {
		if err := os.WriteFile(filepath.Join(out, name), data, 0o644); err != nil {
			log.Fatal(err)
		}
	}
}
