package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestCatalogImportFromTheCommandLine imports a county's filled template:
// a dry run says what it would do and writes nothing; the import makes a
// draft; the same file again makes nothing new; a file with bad rows is
// refused with every problem named and writes nothing.
func TestCatalogImportFromTheCommandLine(t *testing.T) {
	url := setupCLI(t)
	t.Setenv("LANG", "zh_CN.UTF-8")
	db := openDB(t, url)
	file := filepath.Join("..", "..", "catalog", "testdata", "libreoffice", "county-filled.xlsx")
	versions := func() int {
		var n int
		_ = db.NewRaw("SELECT count(*) FROM catalog_versions").Scan(context.Background(), &n)
		return n
	}
	code, out, errOut := cli(t, "catalog", "import", "--org", "km.wuhua", file, "--dry-run")
	if code != 0 || !strings.Contains(out, "试运行") || !strings.Contains(out, "草稿为第 1 版") || versions() != 0 {
		t.Fatalf("dry run: %d %q %q, %d versions", code, out, errOut, versions())
	}
	if code, out, errOut = cli(t, "catalog", "import", "--org", "km.wuhua", file); code != 0 || versions() == 0 {
		t.Fatalf("import: %d %q %q", code, out, errOut)
	}
	n := versions()
	if code, out, _ = cli(t, "catalog", "import", "--org", "km.wuhua", file); code != 0 || !strings.Contains(out, "未新建") || versions() != n {
		t.Fatalf("the same file again: %d %q, %d versions (was %d)", code, out, versions(), n)
	}
	bad := filepath.Join("..", "..", "catalog", "testdata", "excelize", "bad-rows.xlsx")
	if code, _, errOut = cli(t, "catalog", "import", "--org", "km.xishan", bad); code == 0 || !strings.Contains(errOut, "行") || versions() != n {
		t.Fatalf("bad rows: %d %q, %d versions (was %d)", code, errOut, versions(), n)
	}
	if code, _, errOut = cli(t, "catalog", "export", "--org", "km.wuhua", "--format", "xlsx"); code == 0 || !strings.Contains(errOut, "现行") {
		t.Fatalf("exporting drafts only: %d %q, want a refusal naming the missing current catalog", code, errOut)
	}
}

// TestCatalogExportWritesTheTemplate makes a county's catalog current and
// exports it: the xlsx holds its items and imports back as the same.
func TestCatalogExportWritesTheTemplate(t *testing.T) {
	url := setupCLI(t)
	t.Setenv("LANG", "zh_CN.UTF-8")
	file := filepath.Join("..", "..", "catalog", "testdata", "libreoffice", "county-filled.xlsx")
	if code, _, errOut := cli(t, "catalog", "import", "--org", "km.wuhua", file); code != 0 {
		t.Fatal(errOut)
	}
	db := openDB(t, url)
	// Make the drafts current as a final approval does (the review itself is
	// tested in the catalog package).
	if _, err := db.ExecContext(context.Background(), "UPDATE catalog_versions SET state = 'current', current_since = now()"); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "export.xlsx")
	if code, _, errOut := cli(t, "catalog", "export", "--org", "km.wuhua", "--format", "xlsx", "--out", out); code != 0 {
		t.Fatal(errOut)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if len(f.GetSheetList()) == 0 {
		t.Fatal("the export has no sheet")
	}
	if code, stdout, errOut := cli(t, "catalog", "import", "--org", "km.wuhua", out, "--dry-run"); code != 0 || !strings.Contains(stdout, "未新建") {
		t.Fatalf("the export imported back: %d %q %q, want the same as the current version", code, stdout, errOut)
	}
	if code, stdout, _ := cli(t, "catalog", "status", "--org", "km.wuhua"); code != 0 || !strings.Contains(stdout, "现行第 1 版") {
		t.Fatalf("status: %q", stdout)
	}
	_ = os.Remove(out)
}

// TestCatalogExportAsCSVAndJSONAndOneDomain exports a current catalog as
// csv and json and imports a file for one domain only: the csv has the
// template's headers and the items, the json one object per item, and
// --domain takes a file of that domain and refuses, naming each sheet and
// row, one that says it is of another.
func TestCatalogExportAsCSVAndJSONAndOneDomain(t *testing.T) {
	url := setupCLI(t)
	t.Setenv("LANG", "zh_CN.UTF-8")
	file := filepath.Join("..", "..", "catalog", "testdata", "libreoffice", "county-filled.xlsx")
	code, summary, errOut := cli(t, "catalog", "import", "--org", "km.wuhua", file)
	if code != 0 {
		t.Fatal(errOut)
	}
	if !strings.Contains(summary, "义务教育：4 项") || !strings.Contains(summary, "+ 新增：招生入学 · 招生计划") {
		t.Fatalf("the import does not say the items per domain and the diff:\n%s", summary)
	}
	db := openDB(t, url)
	if _, err := db.ExecContext(context.Background(), "UPDATE catalog_versions SET state = 'current', current_since = now()"); err != nil {
		t.Fatal(err)
	}
	code, csvOut, errOut := cli(t, "catalog", "export", "--org", "km.wuhua", "--format", "csv")
	if code != 0 {
		t.Fatal(errOut)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(csvOut, "\ufeff"))).ReadAll()
	if err != nil || len(rows) < 3 || !strings.Contains(strings.Join(rows[0], "|")+strings.Join(rows[1], "|"), "公开事项") {
		t.Fatalf("the csv: %v, %d rows, headers %q", err, len(rows), rows[:min(2, len(rows))])
	}
	code, jsonOut, errOut := cli(t, "catalog", "export", "--org", "km.wuhua", "--format", "json")
	if code != 0 {
		t.Fatal(errOut)
	}
	var items []map[string]any
	if err := json.Unmarshal([]byte(jsonOut), &items); err != nil || len(items) != 4 {
		t.Fatalf("the json: %v, %d objects, want the 4 items:\n%.300s", err, len(items), jsonOut)
	}
	if !strings.Contains(jsonOut, "招生计划") {
		t.Errorf("the json lacks an item: %.300s", jsonOut)
	}
	code, one, errOut := cli(t, "catalog", "import", "--org", "km.xishan", "--domain", "compulsory-education", file, "--dry-run")
	if code != 0 || !strings.Contains(one, "义务教育：4 项") {
		t.Fatalf("the file as the domain it is: %d %q %q", code, one, errOut)
	}
	several := filepath.Join("..", "..", "catalog", "testdata", "libreoffice", "several-sheets.xlsx")
	code, _, errOut = cli(t, "catalog", "import", "--org", "km.xishan", "--domain", "compulsory-education", several)
	if code == 0 || !strings.Contains(errOut, "与导入时指定的领域“义务教育”不一致") || !strings.Contains(errOut, "没有导入任何内容") {
		t.Fatalf("a file of other domains as one domain: %d %q, want a refusal naming each sheet", code, errOut)
	}
}
