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

	"govmedia/registry"
)

// TestPoliciesFromTheCommandLine submits a policy from a Word file with
// an attachment and two interpretations for a member, and refuses one
// without an interpretation, saying why in Chinese and writing nothing;
// the audit log names both the member and the operator at the terminal.
func TestPoliciesFromTheCommandLine(t *testing.T) {
	url := setupCLI(t)
	t.Setenv("SUDO_USER", "")
	t.Setenv("USER", "zhangmin")
	bindMember(t, url, "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=", 556, "km.office", registry.Operator)
	dir := t.TempDir()
	var cover bytes.Buffer
	_ = jpeg.Encode(&cover, image.NewGray(image.Rect(0, 0, 30, 20)), nil)
	docx, err := os.ReadFile("../../publish/testdata/policy-libreoffice.docx")
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"cover.jpg": cover.Bytes(), "policy.docx": docx, "附件1.pdf": []byte("%PDF-1.4"),
		"qa.md": []byte("**问**：何时实施？\n\n**答**：印发之日起。"), "chart.jpg": cover.Bytes()} {
		_ = os.WriteFile(filepath.Join(dir, name), data, 0o644)
	}
	if code, _, errOut := cli(t, "publications", "cover", "--org", "km", filepath.Join(dir, "cover.jpg")); code != 0 {
		t.Fatal(errOut)
	}
	const head = `{"member": 556, "title": "昆明市基层政务公开标准化规范化工作实施方案", "number": "昆政办【2020】32号", "date": "2020-06-01",
		"domains": ["compulsory-education"], "body_file": "policy.docx", "attachments": ["附件1.pdf"],
		"mode": "publish", "targets": {"org": "km", "descendants": true}`
	_ = os.WriteFile(filepath.Join(dir, "none.json"), []byte(head+`, "interpretations": []}`), 0o644)
	code, out, errOut := cli(t, "policies", "create", "--file", filepath.Join(dir, "none.json"))
	if code != 1 || !strings.Contains(errOut, "政策文件须同时附至少一篇解读材料") {
		t.Fatalf("a policy without an interpretation: exit %d, %q %q; want refused, saying why", code, out, errOut)
	}
	db := openDB(t, url)
	if n, _ := db.NewSelect().Table("publications").Count(context.Background()); n != 0 {
		t.Fatalf("%d publications written by a refused policy", n)
	}
	_ = os.WriteFile(filepath.Join(dir, "policy.json"), []byte(head+`, "interpretations": [
		{"form": "qa", "title": "实施方案问答", "body_file": "qa.md"},
		{"form": "graphic", "title": "一图读懂", "body": "<img src=\"chart.jpg\">", "images": {"chart.jpg": "chart.jpg"}}]}`), 0o644)
	code, out, errOut = cli(t, "policies", "create", "--file", filepath.Join(dir, "policy.json"))
	if code != 0 || !strings.Contains(out, "政策文件 昆政办〔2020〕32号 及 2 篇解读已作为发布申请 #") {
		t.Fatalf("policies create: %d %q %q", code, out, errOut)
	}
	var articles, cards int
	_ = db.NewRaw("SELECT count(*) FROM publication_articles WHERE publication_id = 1").Scan(context.Background(), &articles)
	_ = db.NewRaw("SELECT count(*) FROM river_job WHERE kind = 'bot.card'").Scan(context.Background(), &cards)
	if articles != 3 || cards != 1 {
		t.Fatalf("%d articles and %d card jobs; want the policy and its two interpretations on one card", articles, cards)
	}
	var actor string
	if err := db.NewRaw("SELECT actor FROM audit_log WHERE action = 'application.submit'").Scan(context.Background(), &actor); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(actor, "tg:556") || !strings.Contains(actor, "via cli:zhangmin") {
		t.Fatalf("the audit entry's actor is %q: want both the member (tg:556) and the operator (cli:zhangmin)", actor)
	}
}
