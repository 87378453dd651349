package registry_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"govmedia"
	"govmedia/registry/registrytest"
)

// zipBomb is a workbook of about 100 KB whose sheet unpacks to 70 MB.
func zipBomb(t *testing.T) []byte {
	t.Helper()
	var book bytes.Buffer
	f := excelize.NewFile()
	if err := f.Write(&book); err != nil {
		t.Fatal(err)
	}
	src, err := zip.NewReader(bytes.NewReader(book.Bytes()), int64(book.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	for _, part := range src.File {
		w, err := zw.Create(part.Name)
		if err != nil {
			t.Fatal(err)
		}
		if part.Name != "xl/worksheets/sheet1.xml" {
			r, _ := part.Open()
			_, _ = io.Copy(w, r)
			r.Close()
			continue
		}
		_, _ = io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
		spaces := bytes.Repeat([]byte(" "), 1<<20)
		for range 70 {
			_, _ = w.Write(spaces)
		}
		_, _ = io.WriteString(w, `</sheetData></worksheet>`)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestZipBombWorkbookIsRefusedQuickly: an xlsx that unpacks to far more
// than any register is refused before it is unpacked, in the user's
// language, in well under a second and without holding it in memory.
func TestZipBombWorkbookIsRefusedQuickly(t *testing.T) {
	env := registrytest.New(t)
	bomb := zipBomb(t)
	if len(bomb) > 1<<20 {
		t.Fatalf("the bomb is %d bytes; it should be small", len(bomb))
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	_, err := importString(t, env.Registry, "register.xlsx", string(bomb))
	took := time.Since(start)
	runtime.ReadMemStats(&after)
	var e *govmedia.Error
	if !errors.As(err, &e) || e.Code != govmedia.EINVALID ||
		!strings.Contains(e.Message(govmedia.Chinese), "解压后超过 64 MB") || !strings.Contains(e.Message(govmedia.English), "unpacks to more than 64 MB") {
		t.Fatalf("import of a zip bomb: %v; want it refused as unpacking too large, in both languages", err)
	}
	if took > time.Second {
		t.Errorf("refusing the bomb took %v, want well under a second", took)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
		t.Errorf("refusing the bomb allocated %d MB, want a few", alloc>>20)
	}
}

// TestAWorkbookNamingItsPartsWithBackslashesIsHeldToTheMergeLimit: WPS
// names a workbook's parts with backslashes (xl\worksheets\sheet1.xml),
// and excelize reads them so; the count of merged ranges that keeps a
// crafted workbook from taking excelize minutes counts those sheets too.
func TestAWorkbookNamingItsPartsWithBackslashesIsHeldToTheMergeLimit(t *testing.T) {
	env := registrytest.New(t)
	var book bytes.Buffer
	f := excelize.NewFile()
	_ = f.SetSheetRow("Sheet1", "A1", &[]any{"账号名称", "平台", "主办单位"})
	if err := f.Write(&book); err != nil {
		t.Fatal(err)
	}
	src, err := zip.NewReader(bytes.NewReader(book.Bytes()), int64(book.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, part := range src.File {
		r, _ := part.Open()
		data, _ := io.ReadAll(r)
		r.Close()
		if part.Name == "xl/worksheets/sheet1.xml" {
			var merges strings.Builder
			merges.WriteString(`</sheetData><mergeCells count="10001">`)
			for i := range 10001 {
				fmt.Fprintf(&merges, `<mergeCell ref="A%d:B%d"/>`, i+2, i+2)
			}
			merges.WriteString(`</mergeCells>`)
			data = bytes.Replace(data, []byte("</sheetData>"), []byte(merges.String()), 1)
		}
		w, _ := zw.Create(strings.ReplaceAll(part.Name, "/", `\`))
		_, _ = w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	_, err = importString(t, env.Registry, "wps.xlsx", out.String())
	var e *govmedia.Error
	if !errors.As(err, &e) || e.Key != "sheet.too_many_merges" {
		t.Fatalf("import of a workbook of 10,001 merged ranges in a sheet named with backslashes: %v; want it refused as too many merged cells", err)
	}
}
