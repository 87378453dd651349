package oversight_test

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"govmedia"
	"govmedia/oversight"
)

// checkWorkbook reads the bulletin's workbook back: a sheet per part, 五华区's
// row with its figures, the silent accounts, the weights.
func checkWorkbook(t *testing.T, b *oversight.Bulletin, wuhua oversight.Figures) {
	t.Helper()
	var buf bytes.Buffer
	if err := b.WriteXLSX(&buf, govmedia.Chinese); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), ","); got != "通报,两周以上未更新,评分办法" {
		t.Fatalf("sheets %s", got)
	}
	rows, _ := f.GetRows("通报")
	if len(rows) != 2+18 || rows[0][0] != "2026年第四季度政务新媒体工作情况通报" {
		t.Fatalf("%d rows, title %q", len(rows), rows[0][0])
	}
	header := rows[1]
	var row []string
	for _, r := range rows[2:] {
		if r[1] == "五华区人民政府" {
			row = r
		}
	}
	if row == nil {
		t.Fatal("no row for 五华区")
	}
	cell := func(name string) string {
		for i, h := range header {
			if h == name {
				return row[i]
			}
		}
		t.Fatalf("no column %s in %v", name, header)
		return ""
	}
	for name, want := range map[string]string{
		"新开账号": "2", "注销账号": "1", "办结申请": "5", "审批用时中位数（小时）": "10", "目录完成率（%）": "3.8",
		"目录齐全的乡镇": "0/10", "推送成功率（%）": "50", "两周以上未更新": "2", "留言答复率（%）": "66.7",
		"月报按时报送": "1/3", "逾期节点": "1", "得分": fmt.Sprint(round1(wuhua.Score)), "排名": "17",
	} {
		if got := cell(name); got != want {
			t.Errorf("五华区's %s: %q, want %q", name, got, want)
		}
	}
	silent, _ := f.GetRows("两周以上未更新")
	if len(silent) != 2+3 { // B and D of 五华区, E of 西山区
		t.Errorf("silent accounts sheet: %v", silent)
	}
	weights, _ := f.GetRows("评分办法")
	if len(weights) != 2+8 || weights[2][1] != "25" {
		t.Errorf("weights sheet: %v", weights)
	}
}

func round1(v float64) float64 { return float64(int(v*10+0.5)) / 10 }

// checkChart draws the chart, keeps it as a test artefact, and checks its
// font has every glyph of its labels and that the labels left ink.
func checkChart(t *testing.T, b *oversight.Bulletin) {
	t.Helper()
	var buf bytes.Buffer
	err := b.WritePNG(&buf, govmedia.Chinese)
	if govmedia.ErrorCode(err) == govmedia.EINVALID && os.Getenv("CI") == "" {
		t.Skipf("no Chinese font on this machine (apt-get install fonts-wqy-microhei): %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	keep(t, "bulletin-2026Q4.png", buf.Bytes())
	title, axis, names := b.ChartLabels(govmedia.Chinese)
	if !strings.Contains(title, "第四季度") || len(names) != 18 || names[0] != "昆明市人民政府" {
		t.Fatalf("labels: %q %q %v", title, axis, names)
	}
	missing, err := oversight.MissingGlyphs(append([]string{title, axis}, names...)...)
	if err != nil || len(missing) != 0 {
		t.Fatalf("the chart's font lacks %q (%v): they would show as boxes", string(missing), err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	bounds := img.Bounds()
	if bounds.Dx() < 1000 || bounds.Dy() < 18*40 {
		t.Fatalf("a chart of %v for 18 governments", bounds.Size())
	}
	// The names are drawn left of the bars, the title above them.
	left := image.Rect(0, bounds.Dy()/8, bounds.Dx()/4, bounds.Dy()*7/8)
	top := image.Rect(bounds.Dx()/4, 0, bounds.Dx()*3/4, bounds.Dy()/20)
	for name, r := range map[string]image.Rectangle{"the names": left, "the title": top} {
		if n := ink(img, r); n < r.Dx()*r.Dy()/200 {
			t.Errorf("%s left %d dark pixels in %v: nothing drawn there", name, n, r)
		}
	}
}

// ink counts the dark pixels of a part of an image.
func ink(img image.Image, r image.Rectangle) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if c, _, _, _ := img.At(x, y).RGBA(); c < 0x8000 {
				n++
			}
		}
	}
	return n
}

// keep writes a test's artefact where CI collects them: $GOVMEDIA_ARTEFACTS,
// or artefacts/ at the top of the checkout.
func keep(t *testing.T, name string, data []byte) {
	t.Helper()
	dir := os.Getenv("GOVMEDIA_ARTEFACTS")
	if dir == "" {
		dir = filepath.Join("..", "artefacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("the chart is at %s", path)
}
