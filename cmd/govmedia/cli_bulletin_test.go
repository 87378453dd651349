package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestBulletinWritesTheWorkbookAndTheChart: `govmedia bulletin` writes
// the quarter's workbook (a row per government) and its chart; a quarter
// written wrong is refused in the user's language.
func TestBulletinWritesTheWorkbookAndTheChart(t *testing.T) {
	setupCLI(t)
	t.Setenv("LANG", "zh_CN.UTF-8")
	dir := filepath.Join(t.TempDir(), "通报")
	code, out, errOut := cli(t, "bulletin", "--quarter", "2026Q3", "--out", dir)
	if code != 0 && !(os.Getenv("CI") == "" && strings.Contains(errOut, "字体")) {
		t.Fatalf("bulletin: %d %q %q", code, out, errOut)
	}
	if !strings.Contains(out, "已写入 "+filepath.Join(dir, "bulletin-2026Q3.xlsx")) {
		t.Fatalf("bulletin said %q", out)
	}
	f, err := excelize.OpenFile(filepath.Join(dir, "bulletin-2026Q3.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("通报")
	if len(rows) != 2+18 || rows[0][0] != "2026年第三季度政务新媒体工作情况通报" {
		t.Fatalf("the workbook: %d rows, %q", len(rows), rows[0])
	}
	if code == 0 {
		if info, err := os.Stat(filepath.Join(dir, "bulletin-2026Q3.png")); err != nil || info.Size() < 10_000 {
			t.Fatalf("the chart: %v %v", info, err)
		}
	}
	if code, _, errOut := cli(t, "bulletin", "--quarter", "2026Q5"); code == 0 || !strings.Contains(errOut, "例如 2026Q3") {
		t.Fatalf("a fifth quarter: %d %q", code, errOut)
	}
}
