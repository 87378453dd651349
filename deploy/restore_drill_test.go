package deploy

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"govmedia/postgres"
	"govmedia/postgres/pgtest"
	"govmedia/registry"
)

// drillSource is a test database holding what an operator's would: the
// sample org tree, an invite and two accounts with sealed phone numbers,
// imported with the command line, and a signed audit checkpoint.
func drillSource(t *testing.T, bin string) (string, *postgres.DB) {
	t.Helper()
	url := pgtest.NewDatabaseURL(t)
	dir := t.TempDir()
	orgs, register := filepath.Join(dir, "orgs.csv"), filepath.Join(dir, "register.csv")
	if err := os.WriteFile(orgs, registry.SampleOrgs(), 0o644); err != nil {
		t.Fatal(err)
	}
	csv := "账号名称,平台,主办单位,联系电话\n五华民政,微博,km.wuhua.dept.mz,13987654321\n五华教育,抖音,km.wuhua.dept.mz,13800000000\n"
	if err := os.WriteFile(register, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"orgs", "import", orgs}, {"invite", "create", "--org", "km.office", "--role", "admin"},
		{"accounts", "import", register}, {"audit", "checkpoint"}} {
		cmd := exec.Command(bin, args...)
		cmd.Env = append(os.Environ(), "DATABASE_URL="+url, "GOVMEDIA_SECRET_KEY="+testKey)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("govmedia %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	db, err := postgres.Open(context.Background(), url, 2)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	return url, db
}

var scratchCounter atomic.Int64

// drill runs deploy/restore-drill with the environment given and returns
// its exit status, standard output and standard error.
func drill(t *testing.T, env []string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command("./restore-drill", args...)
	// LC_ALL keeps Debian's psql wrapper quiet about locales this machine
	// lacks; the drill's language is LANG's.
	cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8")
	cmd.Env = append(cmd.Env, env...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatalf("running restore-drill: %v", err)
	}
	return cmd.ProcessState.ExitCode(), out.String(), errOut.String()
}

// newScratch names a scratch database, dropped at the end of the test if
// the drill left it.
func newScratch(t *testing.T, db *postgres.DB) string {
	t.Helper()
	name := fmt.Sprintf("drill_%d_%d", os.Getpid(), scratchCounter.Add(1))
	t.Cleanup(func() {
		_, _ = db.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	})
	return name
}

func requireDrillTools(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"bash", "psql", "pg_dump", "pg_restore"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed: the restore drill cannot run on this machine", tool)
		}
	}
}

func count(t *testing.T, db *postgres.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func scratchExists(t *testing.T, db *postgres.DB, name string) bool {
	return count(t, db, "SELECT count(*) FROM pg_database WHERE datname = ?", name) > 0
}

func TestRestoreDrillPassesOnAGoodCopy(t *testing.T) {
	requireDrillTools(t)
	bin := builtBinary(t)
	url, db := drillSource(t, bin)
	audit := count(t, db, "SELECT count(*) FROM audit_log")
	tables := count(t, db, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
	scratch := newScratch(t, db)
	env := []string{"GOVMEDIA=" + bin, "GOVMEDIA_SECRET_KEY=" + testKey, "LANG=en_US.UTF-8"}

	code, out, errOut := drill(t, env, url, scratch)
	if code != 0 {
		t.Fatalf("the drill of a good copy: exit %d, want 0\n%s%s", code, out, errOut)
	}
	t.Logf("the drill's report:\n%s", out)
	for _, want := range []string{
		"orgs 81 ", "accounts 2 ", fmt.Sprintf("audit_log %d ", audit), "audit_checkpoints 1 ", "applications 0 ",
		"none pending", "audit chain intact", "1 checkpoint", fmt.Sprintf("all %d tables hold as many rows as the source", tables),
		"the drill passed.", "dropped the scratch database " + scratch,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the report lacks %q:\n%s", want, out)
		}
	}
	if scratchExists(t, db, scratch) {
		t.Errorf("the drill left the scratch database %s", scratch)
	}
	if after := count(t, db, "SELECT count(*) FROM audit_log"); after != audit {
		t.Errorf("the drill wrote to the source: audit_log %d → %d", audit, after)
	}
}

func TestRestoreDrillFailsWithTheWrongKey(t *testing.T) {
	requireDrillTools(t)
	bin := builtBinary(t)
	url, db := drillSource(t, bin)
	scratch := newScratch(t, db)
	other := "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA="
	code, out, errOut := drill(t, []string{"GOVMEDIA=" + bin, "GOVMEDIA_SECRET_KEY=" + other, "LANG=zh_CN.UTF-8"}, url, scratch)
	if code != 1 || !strings.Contains(errOut, "演练未通过：副本的审计日志无法验证（密钥是否正确？）") ||
		!strings.Contains(errOut, "is not the key the stored secrets are sealed with") {
		t.Fatalf("the drill with another key: exit %d, want 1 saying the audit log does not verify under it\n%s%s", code, out, errOut)
	}
	if strings.Contains(out+errOut, other) || strings.Contains(out+errOut, testKey) {
		t.Error("the drill printed a secret key")
	}
	if scratchExists(t, db, scratch) {
		t.Errorf("the failed drill left the scratch database %s", scratch)
	}
}

// A restore that loses rows (here: pg_restore followed by a deletion, as a
// damaged dump or a broken restore would) is found by the counts.
func TestRestoreDrillFailsWhenTheCopyDiffers(t *testing.T) {
	requireDrillTools(t)
	bin := builtBinary(t)
	url, db := drillSource(t, bin)
	scratch := newScratch(t, db)
	real, err := exec.LookPath("pg_restore")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	lossy := fmt.Sprintf(`#!/usr/bin/env bash
set -euo pipefail
%q "$@"
while [[ $# -gt 0 ]]; do if [[ $1 == -d ]]; then psql "$2" -X -q -c "DELETE FROM invites"; fi; shift; done
`, real)
	if err := os.WriteFile(filepath.Join(dir, "pg_restore"), []byte(lossy), 0o755); err != nil {
		t.Fatal(err)
	}
	env := []string{"GOVMEDIA=" + bin, "GOVMEDIA_SECRET_KEY=" + testKey, "LANG=en", "PATH=" + dir + ":" + os.Getenv("PATH")}
	code, out, errOut := drill(t, env, url, scratch)
	if code != 1 || !strings.Contains(errOut, "the drill failed: the copy differs from the source (1 tables).") {
		t.Fatalf("the drill of a copy that lost rows: exit %d, want 1 saying it differs\n%s%s", code, out, errOut)
	}
	if !regexp.MustCompile(`(?m)^    invites 1 → 0$`).MatchString(out) {
		t.Errorf("the report does not show which table lost rows:\n%s", out)
	}
	if scratchExists(t, db, scratch) {
		t.Errorf("the failed drill left the scratch database %s", scratch)
	}
}

func TestRestoreDrillRefusesAWrongCall(t *testing.T) {
	requireDrillTools(t)
	for _, c := range []struct {
		env  []string
		args []string
		want string
	}{
		{[]string{"GOVMEDIA_SECRET_KEY=" + testKey, "LANG=en"}, []string{"postgres://x@h/db"}, "two arguments are needed"},
		{[]string{"GOVMEDIA_SECRET_KEY=", "LANG=en"}, []string{"postgres://x@h/db", "scratch"}, "GOVMEDIA_SECRET_KEY is not set"},
		{[]string{"GOVMEDIA_SECRET_KEY=" + testKey, "LANG=en"}, []string{"postgres://x@h/db", "db"}, "the scratch database cannot be the source"},
		{[]string{"GOVMEDIA_SECRET_KEY=" + testKey, "LANG="}, []string{"postgres://x@h/db", "Bad-Name"}, "临时库名“Bad-Name”无效"},
	} {
		code, out, errOut := drill(t, c.env, c.args...)
		if code != 2 || !strings.Contains(errOut, c.want) {
			t.Errorf("restore-drill %v: exit %d, want 2 and %q\n%s%s", c.args, code, c.want, out, errOut)
		}
	}
}
