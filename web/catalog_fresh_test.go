package web_test

import (
	"net/http"
	"testing"
	"time"
)

// TestCatalogPagesAnswer304UntilTheCatalogChanges: every catalog page and
// download carries an ETag and the Last-Modified of its catalog's last
// change; a reader holding it gets 304 by either, until a new version
// becomes current, and a page in the other language is another ETag.
func TestCatalogPagesAnswer304UntilTheCatalogChanges(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.publish(t, "km.wuhua", "social-assistance", assistance())
	first := s.Clock.Now()
	paths := []string{"/catalogs", "/catalogs?q=" + urlq("低保"), "/catalogs/km.wuhua", "/catalogs/km.wuhua?q=" + urlq("低保"),
		"/catalogs/km.wuhua/social-assistance", "/catalogs/km.wuhua/social-assistance.xlsx", "/catalogs/km.wuhua/social-assistance.csv",
		"/catalogs/km.wuhua/social-assistance.json", "/api/v1/catalogs/km.wuhua/social-assistance", "/api/v1/catalogs/search?q=" + urlq("低保")}
	tags := map[string]string{}
	for _, path := range paths {
		resp, _ := fetch(t, s.URL+path)
		tag, modified := resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
		if resp.StatusCode != 200 || tag == "" || modified != first.UTC().Format(http.TimeFormat) {
			t.Fatalf("GET %s: %d, ETag %q, Last-Modified %q; want 200 with an ETag and %s", path, resp.StatusCode, tag, modified, first.UTC().Format(http.TimeFormat))
		}
		tags[path] = tag
		resp304, body := fetch(t, s.URL+path, "If-None-Match", tag)
		if resp304.StatusCode != 304 || body != "" || resp304.Header.Get("ETag") != tag {
			t.Errorf("GET %s with its ETag: %d (%d bytes), want 304 with no body", path, resp304.StatusCode, len(body))
		}
		// A browser keeps a 304's headers for the page it holds: a page's
		// 304 must carry the page's policy, or its styles are blocked.
		if got, want := resp304.Header.Get("Content-Security-Policy"), resp.Header.Get("Content-Security-Policy"); got != want {
			t.Errorf("GET %s: the 304's policy %q is not the page's %q", path, got, want)
		}
		if resp, _ := fetch(t, s.URL+path, "If-Modified-Since", modified); resp.StatusCode != 304 {
			t.Errorf("GET %s with its Last-Modified: %d, want 304", path, resp.StatusCode)
		}
		if resp, _ := fetch(t, s.URL+path, "If-None-Match", `"stale"`, "If-Modified-Since", modified); resp.StatusCode != 200 {
			t.Errorf("GET %s with another ETag: %d, want 200 (If-None-Match wins over If-Modified-Since)", path, resp.StatusCode)
		}
		if resp, _ := fetch(t, s.URL+path, "If-None-Match", tag, "Accept-Language", "en"); resp.StatusCode != 200 {
			t.Errorf("GET %s in English with the Chinese page's ETag: %d, want 200", path, resp.StatusCode)
		}
	}
	s.Clock.Advance(time.Hour)
	s.publish(t, "km.wuhua", "social-assistance", append(assistance(), entry("临时救助", "救助结果", "临时救助对象和金额")))
	for _, path := range paths {
		resp, _ := fetch(t, s.URL+path, "If-None-Match", tags[path])
		if resp.StatusCode != 200 || resp.Header.Get("ETag") == tags[path] {
			t.Errorf("GET %s after a new version with the old ETag: %d, ETag unchanged %v; want 200 and a new one",
				path, resp.StatusCode, resp.Header.Get("ETag") == tags[path])
		}
		if resp, _ := fetch(t, s.URL+path, "If-Modified-Since", first.UTC().Format(http.TimeFormat)); resp.StatusCode != 200 {
			t.Errorf("GET %s after a new version, modified since the first: %d, want 200", path, resp.StatusCode)
		}
	}
	// Another government's change leaves 五华区's domain page as it was.
	resp, _ := fetch(t, s.URL+"/catalogs/km.wuhua/social-assistance")
	s.publish(t, "km.xishan", "social-assistance", assistance())
	if again, _ := fetch(t, s.URL+"/catalogs/km.wuhua/social-assistance", "If-None-Match", resp.Header.Get("ETag")); again.StatusCode != 304 {
		t.Errorf("五华区's page after 西山区 changed: %d, want 304", again.StatusCode)
	}
}
