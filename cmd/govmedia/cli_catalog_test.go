package main

import (
	"context"
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
