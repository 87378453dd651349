package catalog_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"govmedia/catalog"
	"govmedia/postgres/pgtest"
)

func TestDiffTellsAddedChangedRemovedAndMovedItems(t *testing.T) {
	a, b, c, d := item("招生", "入学政策"), item("招生", "学区划分"), item("资助", "资助名单"), item("资助", "资助标准")
	changed := c
	changed.Deadline, changed.Channels = "每学期开学后10个工作日内", append(changed.Channels, "公示栏（电子屏）")
	old := []catalog.Item{a, b, c, d}
	next := []catalog.Item{b, a, changed, item("课后服务", "收费标准")} // a moved after b, c changed, d removed, one added
	got := map[string]catalog.Change{}
	for _, ch := range catalog.Diff(old, next) {
		got[ch.Item.Level2] = ch
	}
	if ch := got["收费标准"]; ch.Kind != catalog.Added || ch.To != 4 {
		t.Errorf("added: %+v", ch)
	}
	if ch := got["资助标准"]; ch.Kind != catalog.Removed || ch.From != 4 {
		t.Errorf("removed: %+v", ch)
	}
	if ch := got["资助名单"]; ch.Kind != catalog.Changed || len(ch.Fields) != 2 || ch.Fields[0].Column != "公开时限" || ch.Fields[1].Column != "公开渠道和载体" {
		t.Errorf("changed: %+v", ch)
	}
	moved := 0
	for _, key := range []string{"入学政策", "学区划分"} {
		if got[key].Kind == catalog.Moved {
			moved++
		}
	}
	if moved != 1 {
		t.Errorf("%d of the two swapped items moved, want one (the other kept its order): %+v", moved, got)
	}
	if len(catalog.Diff(old, old)) != 0 {
		t.Error("a version compared with itself has changes")
	}
}

// TestDiffOfTwoLargeVersionsIsQuick diffs two 5,000-item versions with a
// few hundred changes of each kind, well within a second.
func TestDiffOfTwoLargeVersionsIsQuick(t *testing.T) {
	old, next := largeVersions(5000)
	start := time.Now()
	changes := catalog.Diff(old, next)
	if took := time.Since(start); took > time.Second {
		t.Fatalf("diffing two 5,000-item versions took %v", took)
	}
	counts := catalog.Counts(changes)
	if counts[catalog.Added] != 250 || counts[catalog.Removed] != 250 || counts[catalog.Changed] != 500 || counts[catalog.Moved] == 0 {
		t.Fatalf("counts %v", counts)
	}
}

// largeVersions are two versions of n items: one in twenty removed, one in
// twenty added, one in ten changed, and a run of them moved.
func largeVersions(n int) (old, next []catalog.Item) {
	for i := range n {
		old = append(old, item(fmt.Sprintf("一级%03d", i/50), fmt.Sprintf("事项%05d", i)))
	}
	for i, it := range old {
		switch {
		case i%20 == 7:
			continue // removed
		case i%10 == 3:
			it.Deadline = "即时"
		}
		next = append(next, it)
		if i%20 == 11 {
			next = append(next, item("新增", fmt.Sprintf("新事项%05d", i)))
		}
	}
	next[100], next[2000] = next[2000], next[100]
	return old, next
}

// TestBenchCatalogDiff times the diff of two 5,000-item versions (the
// review card's and the update notice's), median and worst of 20 runs.
func TestBenchCatalogDiff(t *testing.T) {
	pgtest.Bench(t)
	old, next := largeVersions(5000)
	var times []time.Duration
	for range 20 {
		start := time.Now()
		catalog.Diff(old, next)
		times = append(times, time.Since(start))
	}
	slices.Sort(times)
	median, worst := times[len(times)/2], times[len(times)-1]
	t.Logf("diff of two 5,000-item versions: median %v, worst %v", median, worst)
	pgtest.BenchRow("catalog diff of two 5,000-item versions, median of 20", float64(median.Microseconds())/1000, "ms", "-", true)
	pgtest.BenchRow("catalog diff of two 5,000-item versions, worst of 20", float64(worst.Microseconds())/1000, "ms", "-", true)
}
