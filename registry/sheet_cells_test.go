package registry_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"govmedia/registry"
	"govmedia/registry/registrytest"
)

// formulaRegister holds values a spreadsheet would run as formulas, and
// values that start with the quote exports put before them.
const formulaRegister = `账号名称,平台,主办单位,运营单位,负责人,多账号理由
"=HYPERLINK(""http://x.example/"",""点此核对"")",微博,五华区民政局,-,=1+1,
+五华发布,抖音,五华区民政局,@运营中心,'王五,
-五华测试,快手,五华区民政局,'=A1,'-,
'五华引号,哔哩哔哩,五华区民政局,-2+3,,
`

// TestExportsNeverHoldAFormulaAndImportReadsThemBack: in the operator's
// csv and xlsx exports no cell starts with =, +, - or @; each such value is
// quoted, and importing the export changes nothing.
func TestExportsNeverHoldAFormulaAndImportReadsThemBack(t *testing.T) {
	t.Parallel()
	env := registrytest.New(t)
	if rep, err := importString(t, env.Registry, "r.csv", formulaRegister); err != nil || rep.Created != 4 {
		t.Fatalf("import: %+v %v", rep, err)
	}
	var stored []string
	_ = env.DB.NewRaw("SELECT name || '|' || operating_unit || '|' || person_in_charge FROM accounts ORDER BY id").Scan(context.Background(), &stored)
	want := []string{`=HYPERLINK("http://x.example/","点此核对")|-|=1+1`, "+五华发布|@运营中心|'王五", "-五华测试|=A1|-", "'五华引号|-2+3|"}
	if strings.Join(stored, "\n") != strings.Join(want, "\n") {
		t.Fatalf("stored %q, want %q (a quote before a formula-like cell is taken off, others kept)", stored, want)
	}
	for _, format := range []string{"csv", "xlsx"} {
		var buf bytes.Buffer
		if _, err := env.Registry.ExportAccounts(context.Background(), &buf, format); err != nil {
			t.Fatalf("export %s: %v", format, err)
		}
		rows := exportedRows(t, format, buf.Bytes())
		quoted := 0
		for _, row := range rows {
			for _, cell := range row {
				if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
					t.Errorf("%s export: cell %q would run as a formula", format, cell)
				}
				if strings.HasPrefix(cell, "'") {
					quoted++
				}
			}
		}
		if quoted != 11 {
			t.Errorf("%s export: %d quoted cells, want 11 (every value starting with = + - @ or ')", format, quoted)
		}
		rep, err := importString(t, env.Registry, "export."+format, buf.String())
		if err != nil || rep.ImportReport != (registry.ImportReport{Unchanged: 4}) {
			t.Fatalf("re-importing the %s export did %+v (%v), want 4 unchanged", format, rep, err)
		}
	}
}

func exportedRows(t *testing.T, format string, raw []byte) [][]string {
	t.Helper()
	if format == "csv" {
		rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf")))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	f, err := excelize.OpenReader(bytes.NewReader(raw), excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestSheetCellQuotesWhatASpreadsheetWouldRun(t *testing.T) {
	cases := map[string]string{"=1+1": "'=1+1", "+86": "'+86", "-": "'-", "@x": "'@x", "\tx": "'\tx", "\rx": "'\rx",
		"'x": "''x", "五华": "五华", "": "", "a=b": "a=b", "0871-6444": "0871-6444"}
	for in, want := range cases {
		if got := registry.SheetCell(in); got != want {
			t.Errorf("SheetCell(%q) = %q, want %q", in, got, want)
		}
	}
}
