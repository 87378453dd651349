package catalog_test

import (
	"bytes"
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"govmedia/catalog"
	"govmedia/postgres/pgtest"
)

// bigWorkbook is a workbook of n items over the first domains, 500 a
// sheet, each first-level item over five second-level ones, as the export
// writes it.
func bigWorkbook(t testing.TB, n int) []byte {
	t.Helper()
	domains := pilotDomains(t)
	tpl := catalog.Template{Org: "官渡区"}
	for i := 0; i < n; i++ {
		if i%500 == 0 {
			d := domains[len(tpl.Domains)]
			tpl.Domains = append(tpl.Domains, catalog.TemplateDomain{Domain: d.Code, DomainName: d.Name})
		}
		d := &tpl.Domains[len(tpl.Domains)-1]
		d.Items = append(d.Items, catalog.Item{Seq: len(d.Items) + 1, Level1: fmt.Sprintf("一级事项%d", i/5), Level2: fmt.Sprintf("二级事项%d", i),
			Content: "公开内容：办理条件、所需材料、办理流程、办理时限、收费标准", Basis: "《中华人民共和国政府信息公开条例》",
			Deadline: "信息形成或者变更之日起20个工作日内", Subject: "县人民政府办公室",
			Channels: []catalog.Channel{catalog.Website, catalog.NewMedia, catalog.NoticeBoard}, Audiences: []catalog.Audience{catalog.Society},
			Modes: []catalog.Mode{catalog.Proactive}, Levels: []catalog.Level{catalog.CountyLevel, catalog.TownshipLevel}})
	}
	var buf bytes.Buffer
	if err := catalog.WriteTemplateXLSX(&buf, tpl); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// importMeasured parses data and measures it: the time taken, and the
// peak of the heap in use sampled while it runs.
func importMeasured(t testing.TB, data []byte) (items int, took time.Duration, peakHeap uint64) {
	t.Helper()
	runtime.GC()
	var peak atomic.Uint64
	done := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var m runtime.MemStats
		for tick := time.NewTicker(2 * time.Millisecond); ; {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-done:
				tick.Stop()
				return
			case <-tick.C:
			}
		}
	}()
	start := time.Now()
	p, err := catalog.ParseTemplate("big.xlsx", data, options(t, ""))
	took = time.Since(start)
	close(done)
	<-sampled
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range p.Domains {
		items += len(d.Items)
	}
	return items, took, peak.Load()
}

// A 5,000-item workbook, a large county's whole catalog, is read within
// seconds and a bounded heap on a small shared machine.
func TestAWorkbookOf5000ItemsParsesQuicklyInBoundedMemory(t *testing.T) {
	data := bigWorkbook(t, 5000)
	items, took, peak := importMeasured(t, data)
	if items != 5000 {
		t.Fatalf("parsed %d items, want 5000", items)
	}
	t.Logf("%d items from %d KB in %v, peak heap %d MB", items, len(data)>>10, took, peak>>20)
	if took > 15*time.Second {
		t.Errorf("took %v, want under 15s", took)
	}
	if peak > 400<<20 {
		t.Errorf("peak heap %d MB, want under 400 MB", peak>>20)
	}
}

// TestBenchCatalogImport prints the rows of `make bench` for importing a
// 5,000-item workbook: items per second and peak heap. The issue sets no
// target for either.
func TestBenchCatalogImport(t *testing.T) {
	pgtest.Bench(t)
	data := bigWorkbook(t, 5000)
	items, took, peak := importMeasured(t, data)
	pgtest.BenchRow("catalog import, 5,000-item workbook (parse and check)", float64(items)/took.Seconds(), "items/s", "-", true)
	pgtest.BenchRow("catalog import, 5,000-item workbook (parse and check), peak heap", float64(peak>>20), "MB", "-", true)
	w := newWorld(t)
	start := time.Now()
	out, err := w.cat.ImportFile(w.ctx, w.edit(w.county), "km.wuhua", "", "big.xlsx", data, false)
	took = time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	written := 0
	for _, o := range out.Outcomes {
		written += len(o.Changes) // all added: there is no current version
	}
	if written != items {
		t.Fatalf("%d items written into drafts, want %d", written, items)
	}
	pgtest.BenchRow("catalog import into drafts, 5,000-item workbook (parse, diff, write in one transaction)", float64(written)/took.Seconds(), "items/s", "-", true)
}
