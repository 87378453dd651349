package web_test

import (
	"strings"
	"testing"
	"time"

	"govmedia/web"
)

// TestTheCatalogPagesAreGuardedAsTheDirectoryIs: a client past its burst
// gets 429 on catalog pages, downloads and the API; a query longer than a
// real one is refused before any search; pages carry the security headers
// and the page policy; a catalog's CSV holds no formula.
func TestTheCatalogPagesAreGuardedAsTheDirectoryIs(t *testing.T) {
	t.Parallel()
	clock := &manualClock{now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
	s := newSiteWith(t, func(srv *web.Server) {
		srv.SetGuard(web.Guard{Public: web.ClientLimit{PerSecond: 0.5, Burst: 3}, Now: clock.Now}) // the three requests below
	})
	formula := entry("最低生活保障", `=HYPERLINK("http://x.example/","低保")`, "低保对象名单")
	s.publish(t, "km.wuhua", "social-assistance", append(assistance(), formula))
	resp, body := fetch(t, s.URL+"/catalogs/km.wuhua/social-assistance")
	checkSecurityHeaders(t, "a catalog page", resp)
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "style-src 'unsafe-inline'") || strings.Contains(csp, "script-src") {
		t.Errorf("a catalog page's policy %q: want the pages' (inline styles, no scripts)", csp)
	}
	if strings.Contains(body, "<script") {
		t.Error("a catalog page carries a script")
	}
	_, csv := fetch(t, s.URL+"/catalogs/km.wuhua/social-assistance.csv")
	if strings.Contains(csv, `,=HYPERLINK`) || !strings.Contains(csv, `'=HYPERLINK`) {
		t.Errorf("the catalog's CSV lets a cell run as a formula:\n%s", csv)
	}
	resp, body = fetch(t, s.URL+"/catalogs/km.wuhua?q="+urlq(strings.Repeat("低", 65)))
	if resp.StatusCode != 400 || !strings.Contains(body, "参数 q 太长") {
		t.Errorf("a query of 65 characters: %d, want 400 saying q is too long", resp.StatusCode)
	}
	for _, path := range []string{"/catalogs/km.wuhua/social-assistance.xlsx", "/api/v1/catalogs/search?q=" + urlq("低保"), "/catalogs"} {
		resp, body := fetch(t, s.URL+path, "Accept-Language", "en")
		if resp.StatusCode != 429 || resp.Header.Get("Retry-After") == "" || !strings.Contains(body, "Too many requests") {
			t.Errorf("GET %s past the burst: %d, want 429 with Retry-After, in English", path, resp.StatusCode)
		}
	}
	clock.Advance(2 * time.Second)
	if resp, _ := fetch(t, s.URL+"/catalogs"); resp.StatusCode != 200 {
		t.Errorf("after the allowance refilled: %d, want 200", resp.StatusCode)
	}
}
