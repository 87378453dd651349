package web_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"govmedia/catalog"
)

// TestALongCatalogPagesUnder100KB: a 400-item catalog is shown a page at a
// time, each page under 100 KB, every item on exactly one page, the pager
// linking them; ?at= finds the page of an item.
func TestALongCatalogPagesUnder100KB(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.publish(t, "km.wuhua", "social-assistance", many(400))
	first := s.page(t, "/catalogs/km.wuhua/social-assistance")
	pages := regexp.MustCompile(`第 1 / (\d+) 页`).FindStringSubmatch(first)
	if pages == nil {
		t.Fatalf("a 400-item catalog is not paged (%d bytes)", len(first))
	}
	var n int
	fmt.Sscan(pages[1], &n)
	seen, largest := map[string]int{}, 0
	for p := 1; p <= n; p++ {
		body := s.page(t, fmt.Sprintf("/catalogs/km.wuhua/social-assistance?page=%d", p))
		largest = max(largest, len(body))
		if len(body) >= 100<<10 {
			t.Errorf("page %d is %d bytes, over 100 KB", p, len(body))
		}
		for _, id := range regexp.MustCompile(`id="item-(\d+)"`).FindAllStringSubmatch(body, -1) {
			seen[id[1]]++
		}
		if p < n && !strings.Contains(body, fmt.Sprintf(`href="/catalogs/km.wuhua/social-assistance?page=%d" rel="next"`, p+1)) {
			t.Errorf("page %d does not link the next", p)
		}
	}
	t.Logf("400 items on %d pages, the largest %d bytes", n, largest)
	if len(seen) != 400 {
		t.Errorf("%d items shown over %d pages, want 400", len(seen), n)
	}
	for id, times := range seen {
		if times != 1 {
			t.Errorf("item %s shown on %d pages", id, times)
		}
	}
	mustContain(t, "the page of item 377", s.page(t, "/catalogs/km.wuhua/social-assistance?at=377"), `id="item-377"`, `aria-current="page"`)
	if resp, body := fetch(t, s.URL+"/catalogs/km.wuhua/social-assistance?page="+fmt.Sprint(n+1)); resp.StatusCode != 404 || !strings.Contains(body, "这份目录没有第") {
		t.Errorf("a page past the last: %d, want 404 saying so", resp.StatusCode)
	}
}

// TestItemsAsLongAsAllowedStillPageUnder100KB: items with every column at
// its greatest length, of characters that escape to five bytes, still
// make pages under 100 KB, the search's too.
func TestItemsAsLongAsAllowedStillPageUnder100KB(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	long := strings.Repeat(`"`, 1990)
	items := make([]catalog.Item, 12)
	for i := range items {
		items[i] = entry(long+fmt.Sprint(i), long+fmt.Sprint(i), long+"学")
		items[i].Basis, items[i].Deadline, items[i].Subject, items[i].ChannelsOther = long, long, long, long
	}
	s.publish(t, "km.wuhua", "social-assistance", items)
	body := s.page(t, "/catalogs/km.wuhua/social-assistance")
	total := regexp.MustCompile(`第 1 / (\d+) 页`).FindStringSubmatch(body)
	if total == nil {
		t.Fatal("twelve items of 14,000 characters each are not paged")
	}
	var n int
	fmt.Sscan(total[1], &n)
	for p := 1; p <= n; p++ {
		body := s.page(t, fmt.Sprintf("/catalogs/km.wuhua/social-assistance?page=%d", p))
		if len(body) >= 100<<10 {
			t.Errorf("page %d of %d is %d bytes, over 100 KB", p, n, len(body))
		}
		t.Logf("page %d of %d: %d bytes", p, n, len(body))
	}
	for _, path := range []string{"/catalogs/km.wuhua?q=" + urlq("学"), "/catalogs?q=" + urlq(`"`)} {
		if body := s.page(t, path); len(body) >= 100<<10 || !strings.Contains(body, `<li class="hit">`) {
			t.Errorf("%s: %d bytes, hits shown %v; want hits under 100 KB", path, len(body), strings.Contains(body, `<li class="hit">`))
		}
	}
}
