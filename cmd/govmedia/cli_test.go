package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"govmedia/postgres/pgtest"
	"govmedia/registry"
)

func TestMain(m *testing.M) {
	if os.Getenv(runAsMain) == "1" { // a test runs this binary as govmedia itself (see startMain)
		main()
	}
	code := pgtest.Run(m)
	removeBuilt()
	os.Exit(code)
}

// cli runs one command against the test database and returns its exit
// status, standard output and standard error.
func cli(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestOperatorCommandsEndToEnd(t *testing.T) {
	t.Setenv("DATABASE_URL", pgtest.NewDatabaseURL(t))
	t.Setenv("GOVMEDIA_SECRET_KEY", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=")
	t.Setenv("LANG", "zh_CN.UTF-8")
	dir := t.TempDir()
	orgs := filepath.Join(dir, "orgs.csv")
	_ = os.WriteFile(orgs, registry.SampleOrgs(), 0o644)

	if code, out, errOut := cli(t, "orgs", "import", orgs); code != 0 || !strings.Contains(out, "新增 81") {
		t.Fatalf("orgs import: %d %q %q", code, out, errOut)
	}
	if code, out, _ := cli(t, "orgs", "list"); code != 0 || !strings.Contains(out, "五华区华山街道办事处") {
		t.Fatalf("orgs list: %d", code)
	}
	code, out, _ := cli(t, "invite", "create", "--org", "km.office", "--role", "approver")
	if code != 0 || len(strings.TrimSpace(out)) != 24 {
		t.Fatalf("invite create: %d %q, want a 24-character code", code, out)
	}
	if code, _, errOut := cli(t, "invite", "create", "--org", "km.office", "--role", "boss"); code != 1 || !strings.Contains(errOut, "角色“boss”无效") {
		t.Fatalf("bad role: %d %q", code, errOut)
	}
	bad := filepath.Join(dir, "bad.csv")
	_ = os.WriteFile(bad, []byte("账号名称,平台,主办单位\n好号,微博,五华区民政局\n坏号,脸书,五华区民政局\n"), 0o644)
	if code, _, errOut := cli(t, "accounts", "import", bad); code != 1 || !strings.Contains(errOut, "第 3 行，“平台”列") {
		t.Fatalf("bad register: %d %q", code, errOut)
	}
	if code, out, _ := cli(t, "audit", "verify"); code != 0 || !strings.Contains(out, "审计日志完好") {
		t.Fatalf("audit verify: %d %q", code, out)
	}
	if code, out, _ := cli(t, "accounts", "export", "--format", "csv"); code != 0 || !strings.HasPrefix(out, "\xef\xbb\xbf账号名称") || strings.Contains(out, "好号") {
		t.Fatalf("export after a failed import: %d %q", code, out)
	}
}

func TestWrongSecretKeyIsRefused(t *testing.T) {
	t.Setenv("LANG", "en_US.UTF-8")
	t.Setenv("DATABASE_URL", pgtest.NewDatabaseURL(t))
	t.Setenv("GOVMEDIA_SECRET_KEY", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=")
	if code, _, errOut := cli(t, "orgs", "list"); code != 0 {
		t.Fatalf("first use: %d %s", code, errOut)
	}
	t.Setenv("GOVMEDIA_SECRET_KEY", "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=")
	if code, _, errOut := cli(t, "orgs", "list"); code != 1 || !strings.Contains(errOut, "not the key the stored secrets are sealed with") {
		t.Fatalf("another key: %d %q", code, errOut)
	}
	t.Setenv("GOVMEDIA_SECRET_KEY", "")
	if code, _, errOut := cli(t, "orgs", "list"); code != 1 || !strings.Contains(errOut, "GOVMEDIA_SECRET_KEY is required") {
		t.Fatalf("no key with DATABASE_URL: %d %q", code, errOut)
	}
}

func pgtestURL(t *testing.T) string { return pgtest.NewDatabaseURL(t) }
