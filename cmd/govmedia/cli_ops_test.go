package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"image"
	"image/jpeg"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"govmedia"
	"govmedia/audit"
	"govmedia/audit/audittest"
	"govmedia/keyring"
	"govmedia/migrations"
	"govmedia/postgres"
	"govmedia/registry"
)

// terminal makes a new pseudo-terminal the commands' standard input and
// returns its other end, which the test types into.
func terminal(t *testing.T) *os.File {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Fatalf("opening a pseudo-terminal: %v", err)
	}
	if err := unix.IoctlSetPointerInt(int(master.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Fatal(err)
	}
	n, err := unix.IoctlGetInt(int(master.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Fatal(err)
	}
	tty, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	setStdin(t, tty)
	t.Cleanup(func() { tty.Close(); master.Close() })
	return master
}

// pipe makes a pipe the commands' standard input, as a script or cron has.
func pipe(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	setStdin(t, r)
	t.Cleanup(func() { r.Close(); w.Close() })
}

func setStdin(t *testing.T, f *os.File) {
	old := stdin
	stdin = f
	t.Cleanup(func() { stdin = old })
}

// rollback answers the confirmation with answer on a fresh terminal and
// runs `migrate rollback` with flags.
func rollback(t *testing.T, answer string, flags ...string) (int, string, string) {
	t.Helper()
	tty := terminal(t)
	if _, err := tty.WriteString(answer + "\n"); err != nil {
		t.Fatal(err)
	}
	return cli(t, append([]string{"migrate", "rollback"}, flags...)...)
}

// openBriefly opens a small pool the caller closes at once: the
// rollback test asks after each of some sixty rollbacks, and pools held to
// the test's end would take the server's every connection.
func openBriefly(t *testing.T, url string) *postgres.DB {
	t.Helper()
	db, err := postgres.Open(context.Background(), url, 4)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// unappliedMigrations counts the migrations not applied to the database at url.
func unappliedMigrations(t *testing.T, url string) int {
	t.Helper()
	db := openBriefly(t, url)
	defer db.Close()
	status, err := migrations.Status(context.Background(), db.DB)
	if err != nil {
		t.Fatal(err)
	}
	return len(status.Unapplied())
}

func TestMigrateRollbackUndoesOneMigrationAfterConfirmingAndKeepsTheAuditLog(t *testing.T) {
	url := setupCLI(t)
	t.Setenv("LANG", "zh_CN.UTF-8")
	pipe(t)
	if code, _, errOut := cli(t, "migrate", "rollback", "--drop-audit-log"); code != 1 || !strings.Contains(errOut, "--yes") {
		t.Fatalf("rollback without a terminal or --yes: %d %q, want a refusal naming --yes", code, errOut)
	}
	if code, _, errOut := rollback(t, "n", "--drop-audit-log"); code != 1 || !strings.Contains(errOut, "已取消") {
		t.Fatalf("rollback answered no: %d %q", code, errOut)
	}
	if n := unappliedMigrations(t, url); n != 0 {
		t.Fatalf("refused rollbacks undid %d migrations", n)
	}
	for undone, audits := 0, 0; audits < 2; undone++ {
		db := openBriefly(t, url)
		last, err := migrations.Last(context.Background(), db.DB)
		db.Close()
		if err != nil || last == nil {
			t.Fatalf("last migration: %v %v", last, err)
		}
		var flags []string
		if migrations.DropsAuditLog(last) {
			audits++
			code, _, errOut := rollback(t, "y")
			if code != 1 || !strings.Contains(errOut, "审计日志") || !strings.Contains(errOut, "--drop-audit-log") {
				t.Fatalf("rolling back %s without --drop-audit-log: %d %q", migrations.FullName(last), code, errOut)
			}
			if n := unappliedMigrations(t, url); n != undone || !tableExists(t, url, "audit_log") {
				t.Fatalf("the refused rollback of %s changed the schema", migrations.FullName(last))
			}
			flags = []string{"--drop-audit-log"}
		}
		if code, out, errOut := rollback(t, "y", flags...); code != 0 || !strings.Contains(out, "已回滚迁移 "+migrations.FullName(last)) {
			t.Fatalf("rollback of %s confirmed: %d %q %q", migrations.FullName(last), code, out, errOut)
		}
		if n := unappliedMigrations(t, url); n != undone+1 {
			t.Fatalf("after %d confirmed rollbacks %d migrations are unapplied: each must undo one", undone+1, n)
		}
	}
	if tableExists(t, url, "audit_log") {
		t.Fatal("the audit log survived the rollback of its migration")
	}
	if code, _, errOut := cli(t, "migrate", "up"); code != 0 {
		t.Fatalf("migrate up after the rollbacks: %s", errOut)
	}
}

// TestMigrateRollbackWithYesAsksNothing: in a script, without a
// terminal, --yes stands for the confirmation and one migration is undone.
func TestMigrateRollbackWithYesAsksNothing(t *testing.T) {
	url := setupCLI(t)
	t.Setenv("LANG", "zh_CN.UTF-8")
	pipe(t)
	last, err := migrations.Last(context.Background(), openDB(t, url).DB)
	if err != nil || last == nil {
		t.Fatalf("last migration: %v %v", last, err)
	}
	flags := []string{"migrate", "rollback", "--yes"}
	if migrations.DropsAuditLog(last) {
		flags = append(flags, "--drop-audit-log")
	}
	if code, out, errOut := cli(t, flags...); code != 0 || !strings.Contains(out, "已回滚迁移 "+migrations.FullName(last)) {
		t.Fatalf("rollback --yes: %d %q %q", code, out, errOut)
	}
	if n := unappliedMigrations(t, url); n != 1 {
		t.Fatalf("%d migrations unapplied after rollback --yes, want 1", n)
	}
}

func tableExists(t *testing.T, url, name string) bool {
	t.Helper()
	var ok bool
	db := openBriefly(t, url)
	defer db.Close()
	if err := db.NewRaw("SELECT to_regclass(?) IS NOT NULL", name).Scan(context.Background(), &ok); err != nil {
		t.Fatal(err)
	}
	return ok
}

func TestAPublicationSubmittedForAMemberNamesTheOperatorInTheAuditLog(t *testing.T) {
	url := setupCLI(t)
	t.Setenv("SUDO_USER", "")
	t.Setenv("USER", "zhangmin")
	bindMember(t, url, "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=", 556, "km.office", registry.Operator)
	dir := t.TempDir()
	var cover bytes.Buffer
	_ = jpeg.Encode(&cover, image.NewGray(image.Rect(0, 0, 30, 20)), nil)
	_ = os.WriteFile(filepath.Join(dir, "cover.jpg"), cover.Bytes(), 0o644)
	_ = os.WriteFile(filepath.Join(dir, "pub.json"), []byte(`{"member": 556, "mode": "publish",
		"targets": {"org": "km", "descendants": true},
		"articles": [{"title": "通知", "body": "<p>请知悉。</p>", "cover": "cover.jpg"}]}`), 0o644)
	if code, out, errOut := cli(t, "publications", "create", "--file", filepath.Join(dir, "pub.json")); code != 0 {
		t.Fatalf("publications create: %d %q %q", code, out, errOut)
	}
	var actor string
	err := openDB(t, url).NewRaw("SELECT actor FROM audit_log WHERE action = 'application.submit'").Scan(context.Background(), &actor)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(actor, "tg:556") || !strings.Contains(actor, "via cli:zhangmin") {
		t.Fatalf("the audit entry's actor is %q: want both the member (tg:556) and the operator (cli:zhangmin)", actor)
	}
}

func TestKeysRotateFromTheCommandLineKeepsARunningReplicaSealing(t *testing.T) {
	url := setupCLI(t)
	const oldKey = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="
	ctx := context.Background()
	key, _ := govmedia.ParseSecretKey(oldKey)
	db := openDB(t, url)
	box, err := keyring.Start(ctx, db.DB, key) // a replica running with the old key
	if err != nil {
		t.Fatal(err)
	}
	followCtx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); keyring.Follow(followCtx, db, box, time.Minute, slog.Default()) }()
	defer func() { stop(); <-done }()
	next := govmedia.NewSecretKey()
	if code, _, errOut := cli(t, "keys", "rotate", "--new-key", next); code != 0 {
		t.Fatalf("keys rotate: %s", errOut)
	}
	nextKey, _ := govmedia.ParseSecretKey(next)
	deadline := time.Now().Add(10 * time.Second)
	for box.Fingerprint() != govmedia.KeyFingerprint(nextKey) {
		if time.Now().After(deadline) {
			t.Fatal("the running replica did not learn the new key within 10 s")
		}
		time.Sleep(5 * time.Millisecond)
	}
	reg := registry.New(db.DB, box, nil)
	csv := "账号名称,平台,主办单位,联系电话\n五华民政,微博,km.wuhua.dept.mz,13987654321\n"
	if _, err := reg.ImportAccounts(ctx, govmedia.Operator("t"), strings.NewReader(csv), "r.csv"); err != nil {
		t.Fatalf("the running replica importing after the rotation: %v", err)
	}
	var sealed []byte
	_ = db.NewRaw("SELECT phone_sealed FROM accounts WHERE name = '五华民政'").Scan(ctx, &sealed)
	if fp := govmedia.SealedFingerprint(sealed); fp != govmedia.KeyFingerprint(nextKey) {
		t.Fatalf("the running replica sealed a phone under %s after the rotation, want the new key", fp)
	}
	t.Setenv("GOVMEDIA_SECRET_KEY", next)
	if code, out, _ := cli(t, "accounts", "export"); code != 0 || !strings.Contains(out, "13987654321") {
		t.Fatalf("export with the new key: %d", code)
	}
}

func TestAccountsExportMarksAPhoneThatNoLongerOpens(t *testing.T) {
	url := setupCLI(t)
	t.Setenv("LANG", "zh_CN.UTF-8")
	file := filepath.Join(t.TempDir(), "r.csv")
	_ = os.WriteFile(file, []byte("账号名称,平台,主办单位,联系电话\n五华民政,微博,km.wuhua.dept.mz,13987654321\n五华教育,抖音,km.wuhua.dept.mz,13800000000\n"), 0o644)
	if code, _, errOut := cli(t, "accounts", "import", file); code != 0 {
		t.Fatal(errOut)
	}
	lost, _ := govmedia.ParseSecretKey(govmedia.NewSecretKey())
	lostBox, _ := govmedia.NewSecretBox(lost)
	_, err := openDB(t, url).ExecContext(context.Background(), "UPDATE accounts SET phone_sealed = ? WHERE name = '五华民政'",
		lostBox.SealString("account.phone", "13987654321"))
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := cli(t, "accounts", "export", "--format", "csv")
	if code != 0 {
		t.Fatalf("export with a phone sealed under a lost key: %d %q", code, errOut)
	}
	if !strings.Contains(out, "五华民政,微博") || !strings.Contains(out, registry.UnreadablePhone()) || !strings.Contains(out, "13800000000") {
		t.Fatalf("export = %q: want both rows, the lost phone marked and the other one whole", out)
	}
	if !strings.Contains(errOut, "五华民政") {
		t.Fatalf("the operator is not told which account's phone is unreadable: %q", errOut)
	}
	exported := filepath.Join(t.TempDir(), "export.csv")
	_ = os.WriteFile(exported, []byte(out), 0o644)
	if code, out, errOut := cli(t, "accounts", "import", exported); code != 0 || !strings.Contains(out, "未变 2") {
		t.Fatalf("importing the export back: %d %q %q, want 2 unchanged", code, out, errOut)
	}
}

func TestAuditVerifyFindsALogRewrittenWithDatabaseRights(t *testing.T) {
	url := setupCLI(t) // the org import wrote the log
	t.Setenv("LANG", "zh_CN.UTF-8")
	ctx := context.Background()
	code, saved, errOut := cli(t, "audit", "checkpoint")
	if code != 0 || !strings.Contains(saved, `"head_hash"`) {
		t.Fatalf("audit checkpoint: %d %q %q", code, saved, errOut)
	}
	savedFile := filepath.Join(t.TempDir(), "checkpoint.json") // kept outside the database
	_ = os.WriteFile(savedFile, []byte(saved), 0o600)
	if code, _, errOut := cli(t, "invite", "create", "--org", "km.office", "--role", "approver"); code != 0 {
		t.Fatal(errOut)
	}
	db := openDB(t, url)
	published := httptest.NewServer(audit.CheckpointsHandler(db.DB, checkpointInterval))
	defer published.Close()
	if code, out, errOut := cli(t, "audit", "verify", "--checkpoint", savedFile, "--checkpoint", published.URL); code != 0 ||
		!strings.Contains(out, "审计日志完好") || !strings.Contains(out, "第 1 号") || !strings.Contains(out, "2 个在别处留存的检查点与数据库一致") {
		t.Fatalf("audit verify of an untouched log: %d %q %q", code, out, errOut)
	}
	var victim int64
	_ = db.NewRaw("SELECT min(id) FROM audit_log").Scan(ctx, &victim)
	if err := audittest.Rewrite(ctx, db, victim, `{"rewritten":true}`); err != nil {
		t.Fatal(err)
	}
	if rep, err := audit.Verify(ctx, db.DB); err != nil || rep.Break != nil {
		t.Fatalf("the rewritten log's chain should hold on its own: %v %v", rep.Break, err)
	}
	if code, _, errOut := cli(t, "audit", "verify"); code != 1 || !strings.Contains(errOut, "日志被改写过") {
		t.Fatalf("audit verify of a rewritten, rehashed log: %d %q", code, errOut)
	}
	if err := audittest.DropCheckpoints(ctx, db); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := cli(t, "audit", "verify", "--checkpoint", savedFile); code != 1 || !strings.Contains(errOut, "在数据库中已不存在") {
		t.Fatalf("audit verify with the checkpoints deleted too, against the one saved: %d %q", code, errOut)
	}
}

// TestKeysRotationResealsTheFormsInProgress rotates the key while people
// are in the middle of forms holding a sealed phone and sealed WeChat
// secrets, one of them sealed by a replica that had not noticed the
// rotation yet: after the rotation and its finish, every form is still
// there and its values open, under the new key, to what was typed.
func TestKeysRotationResealsTheFormsInProgress(t *testing.T) {
	url := setupCLI(t)
	const oldKey = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="
	ctx := context.Background()
	db := openDB(t, url)
	k, _ := govmedia.ParseSecretKey(oldKey)
	old, _ := govmedia.NewSecretBox(k)
	seal := func(box *govmedia.SecretBox, purpose, v string) string {
		return base64.StdEncoding.EncodeToString(box.SealString(purpose, v))
	}
	form := func(user int64, body string) {
		t.Helper()
		if _, err := db.ExecContext(ctx, `INSERT INTO bot_sessions (telegram_user_id, form, updated_at) VALUES (?, ?, now())`, user, body); err != nil {
			t.Fatal(err)
		}
	}
	form(1, fmt.Sprintf(`{"kind": "open", "step": "domains", "account": {"fields": {"platform": "weibo", "name": "五华发布", "phone_sealed": %q}}}`,
		seal(old, "account.phone", "13987654321")))
	form(2, fmt.Sprintf(`{"kind": "bind", "step": "callback_token", "bind": {"account_id": 1, "platform": "wechat_oa", "app_secret": %q}}`,
		seal(old, "bot.form", "0123456789abcdef0123456789abcdef")))
	form(3, `{"kind": "close", "step": "reason", "close": {"account_id": 1}}`)
	next := govmedia.NewSecretKey()
	if code, _, errOut := cli(t, "keys", "rotate", "--new-key", next); code != 0 {
		t.Fatal(errOut)
	}
	form(4, fmt.Sprintf(`{"kind": "bind", "step": "app_id", "bind": {"account_id": 1, "platform": "wechat_oa", "app_secret": %q}}`,
		seal(old, "bot.form", "fedcba9876543210fedcba9876543210"))) // a replica that sealed in memory before it noticed
	t.Setenv("GOVMEDIA_SECRET_KEY", next)
	if code, _, errOut := cli(t, "keys", "finish"); code != 0 {
		t.Fatal(errOut)
	}
	nk, _ := govmedia.ParseSecretKey(next)
	nextBox, _ := govmedia.NewSecretBox(nk)
	want := map[int64][2]string{1: {"account.phone", "13987654321"}, 2: {"bot.form", "0123456789abcdef0123456789abcdef"},
		4: {"bot.form", "fedcba9876543210fedcba9876543210"}}
	for user, w := range want {
		var sealed string
		err := db.NewRaw(`SELECT coalesce(form->'account'->'fields'->>'phone_sealed', form->'bind'->>'app_secret') FROM bot_sessions WHERE telegram_user_id = ?`, user).Scan(ctx, &sealed)
		if err != nil {
			t.Fatalf("form %d is gone after the rotation: %v", user, err)
		}
		raw, _ := base64.StdEncoding.DecodeString(sealed)
		if got, err := nextBox.OpenString(w[0], raw); err != nil || got != w[1] {
			t.Errorf("form %d after the rotation: %q, %v; want %q under the new key", user, got, err, w[1])
		}
	}
	var n int
	_ = db.NewRaw("SELECT count(*) FROM bot_sessions").Scan(ctx, &n)
	if n != 4 {
		t.Fatalf("%d forms left, want all 4", n)
	}
}
