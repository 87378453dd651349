package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWordlistImportAndExport puts the city's lists in force from a csv,
// exports them, and imports the export back as the same lists.
func TestWordlistImportAndExport(t *testing.T) {
	setupCLI(t)
	t.Setenv("LANG", "zh_CN.UTF-8")
	dir := t.TempDir()
	in := filepath.Join(dir, "lists.csv")
	_ = os.WriteFile(in, []byte("类型,词语,更正为,说明\n屏蔽词,内部资料,,\n敏感词,维稳,,\n错误表述,中华人民共合国,中华人民共和国,错字\n允许域名,km.gov.cn,,\n"), 0o644)
	code, out, errOut := cli(t, "wordlist", "import", in)
	if code != 0 || !strings.Contains(out, "屏蔽词 1 个，敏感词 1 个，错误表述 1 个，允许域名 1 个") {
		t.Fatalf("import: %d %q %q", code, out, errOut)
	}
	exported := filepath.Join(dir, "export.xlsx")
	if code, _, errOut := cli(t, "wordlist", "export", "--out", exported); code != 0 {
		t.Fatal(errOut)
	}
	if code, out, errOut := cli(t, "wordlist", "import", exported); code != 0 || !strings.Contains(out, "第 2 版") || !strings.Contains(out, "错误表述 1 个") {
		t.Fatalf("the export imported back: %d %q %q", code, out, errOut)
	}
	bad := filepath.Join(dir, "bad.csv")
	_ = os.WriteFile(bad, []byte("类型,词语\n奇怪,词\n"), 0o644)
	if code, _, errOut := cli(t, "wordlist", "import", bad); code == 0 || !strings.Contains(errOut, "第 2 行") {
		t.Fatalf("a bad file: %d %q", code, errOut)
	}
}
