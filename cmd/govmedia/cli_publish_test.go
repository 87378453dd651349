package main

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"govmedia"
	"govmedia/postgres"
	"govmedia/registry"
)

func TestPublicationsAndKeyRotationFromTheCommandLine(t *testing.T) {
	url := setupCLI(t)
	const key = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="
	bindMember(t, url, key, 555, "km.office", registry.Operator)
	dir := t.TempDir()
	var cover bytes.Buffer
	_ = jpeg.Encode(&cover, image.NewGray(image.Rect(0, 0, 30, 20)), nil)
	_ = os.WriteFile(filepath.Join(dir, "cover.jpg"), cover.Bytes(), 0o644)
	_ = os.WriteFile(filepath.Join(dir, "body.md"), []byte("# 通知\n\n请做好**冬季安全**工作。"), 0o644)
	if code, out, errOut := cli(t, "publications", "cover", "--org", "km", filepath.Join(dir, "cover.jpg")); code != 0 || !strings.Contains(out, "已设置昆明市人民政府的默认封面") {
		t.Fatalf("publications cover: %d %q %q", code, out, errOut)
	}
	_ = os.WriteFile(filepath.Join(dir, "pub.json"), []byte(`{"member": 555, "mode": "publish",
		"targets": {"org": "km", "descendants": true},
		"articles": [{"title": "冬季安全通知", "body_file": "body.md"}]}`), 0o644)
	code, out, errOut := cli(t, "publications", "create", "--file", filepath.Join(dir, "pub.json"))
	if code != 0 || !strings.Contains(out, "发布申请 #1 已提交，现由昆明市人民政府办公室审核") || strings.Contains(out, "发布编号") {
		t.Fatalf("publications create: %d %q %q", code, out, errOut)
	}
	var cards int
	db := openDB(t, url)
	_ = db.NewRaw("SELECT count(*) FROM river_job WHERE kind = 'bot.card'").Scan(context.Background(), &cards)
	if cards != 1 {
		t.Fatalf("%d card jobs queued for the office, want 1", cards)
	}
	if code, out, _ := cli(t, "publications", "show", "1"); code != 0 || !strings.Contains(out, "审核中") || !strings.HasPrefix(out, "发布申请 #1（") {
		t.Fatalf("publications show: %d %q", code, out)
	}
	next := govmedia.NewSecretKey()
	if code, out, errOut := cli(t, "keys", "rotate", "--new-key", next); code != 0 || !strings.Contains(out, "重新加密") {
		t.Fatalf("keys rotate: %d %q %q", code, out, errOut)
	}
	if code, _, errOut := cli(t, "orgs", "list"); code != 0 {
		t.Fatalf("the old key no longer works while the handover lasts: %s", errOut)
	}
	if code, _, errOut := cli(t, "keys", "finish"); code != 1 || !strings.Contains(errOut, "新密钥") {
		t.Fatalf("keys finish run with the old key: %d %q, want a refusal", code, errOut)
	}
	t.Setenv("GOVMEDIA_SECRET_KEY", next)
	if code, out, errOut := cli(t, "keys", "finish"); code != 0 || !strings.Contains(out, "交接已结束") {
		t.Fatalf("keys finish: %d %q %q", code, out, errOut)
	}
	if code, _, errOut := cli(t, "orgs", "list"); code != 0 {
		t.Fatalf("the new key does not work: %s", errOut)
	}
	t.Setenv("GOVMEDIA_SECRET_KEY", key)
	if code, _, errOut := cli(t, "orgs", "list"); code != 1 || !strings.Contains(errOut, "not the key the stored secrets are sealed with") {
		t.Fatalf("the old key still works after the handover ended: %d %q", code, errOut)
	}
}

// setupCLI points the commands at a fresh database with the sample tree.
func setupCLI(t *testing.T) string {
	url := pgtestURL(t)
	t.Setenv("DATABASE_URL", url)
	t.Setenv("GOVMEDIA_SECRET_KEY", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=")
	orgs := filepath.Join(t.TempDir(), "orgs.csv")
	_ = os.WriteFile(orgs, registry.SampleOrgs(), 0o644)
	if code, _, errOut := cli(t, "orgs", "import", orgs); code != 0 {
		t.Fatal(errOut)
	}
	return url
}

func openDB(t *testing.T, url string) *postgres.DB {
	db, err := postgres.Open(context.Background(), url, 4)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	return db
}

// bindMember binds Telegram user id to org with role, as an invite would.
func bindMember(t *testing.T, url, key string, id int64, org string, role registry.Role) {
	k, _ := govmedia.ParseSecretKey(key)
	box, _ := govmedia.NewSecretBox(k)
	reg := registry.New(openDB(t, url).DB, box, nil)
	code, _, err := reg.CreateInvite(context.Background(), govmedia.Operator("t"), org, role, registry.DefaultInviteTTL)
	if err == nil {
		_, err = reg.RedeemInvite(context.Background(), code, registry.TelegramUser{ID: id, DisplayName: "命令行"})
	}
	if err != nil {
		t.Fatal(err)
	}
}
