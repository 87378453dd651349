package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"govmedia/postgres/pgtest"
	"govmedia/registry"
)

// TestAccountsImportNamesTheColumnsItDidNotRead: importing a district's
// register from WPS reports what it did and names, in the language of
// LANG, the headers it did not understand.
func TestAccountsImportNamesTheColumnsItDidNotRead(t *testing.T) {
	t.Setenv("DATABASE_URL", pgtest.NewDatabaseURL(t))
	t.Setenv("GOVMEDIA_SECRET_KEY", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=")
	orgs := filepath.Join(t.TempDir(), "orgs.csv")
	_ = os.WriteFile(orgs, registry.SampleOrgs(), 0o644)
	if code, _, errOut := cli(t, "orgs", "import", orgs); code != 0 {
		t.Fatalf("orgs import: %d %s", code, errOut)
	}
	register := filepath.Join("..", "..", "registry", "testdata", "wps", "city-register.xlsx")
	t.Setenv("LANG", "zh_CN.UTF-8")
	code, out, errOut := cli(t, "accounts", "import", register)
	if code != 0 || !strings.Contains(out, "新增 12") || !strings.Contains(errOut, "以下表头未能识别，这些列没有导入：粉丝数（万）、二维码") {
		t.Fatalf("accounts import: %d %q %q; want 12 added and the columns not read named", code, out, errOut)
	}
	t.Setenv("LANG", "en_US.UTF-8")
	code, _, errOut = cli(t, "accounts", "import", register)
	if code != 0 || !strings.Contains(errOut, "These headers were not understood and their columns were not imported: 粉丝数（万）、二维码") {
		t.Fatalf("accounts import in English: %d %q", code, errOut)
	}
}
