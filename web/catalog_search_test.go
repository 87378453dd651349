package web_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestSearchingACatalogFindsOneAndTwoCharacterQueriesAndMarksThem: on a
// government's page, 低保 and 学 find the items that hold them, marked;
// on /catalogs the search runs over every government's catalogs.
func TestSearchingACatalogFindsOneAndTwoCharacterQueriesAndMarksThem(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.publish(t, "km.wuhua", "social-assistance", assistance())
	s.publish(t, "km.wuhua", "compulsory-education", education())
	s.publish(t, "km.xishan", "compulsory-education", education())

	body := s.page(t, "/catalogs/km.wuhua?q="+urlq("低保"))
	mustContain(t, "低保 on 五华区's page", body, "检索“低保”的结果", "第 1–2 条",
		"最低生活保障 · <mark>低保</mark>政策", "城乡<mark>低保</mark>对象的姓名",
		`href="/catalogs/km.wuhua/social-assistance?at=2#item-2"`, `<p class="where">社会救助</p>`)
	if strings.Count(body, `<li class="hit">`) != 2 {
		t.Errorf("低保 found %d items, want the 2 that hold it", strings.Count(body, `<li class="hit">`))
	}
	body = s.page(t, "/catalogs/km.wuhua?q="+urlq("学"))
	if n := strings.Count(body, `<li class="hit">`); n != 2 {
		t.Errorf("学 on 五华区's page found %d items, want its 2 education items", n)
	}
	mustContain(t, "学 on 五华区's page", body, "义务教育阶段<mark>学</mark>校招生入<mark>学</mark>的政策", "<mark>学</mark>生资助")
	body = s.page(t, "/catalogs/km.wuhua?q="+urlq("学")+"&domain=social-assistance")
	if n := strings.Count(body, `<li class="hit">`); n != 0 {
		t.Errorf("学 within 社会救助 found %d items, want none", n)
	}
	body = s.page(t, "/catalogs?q="+urlq("学"))
	if n := strings.Count(body, `<li class="hit">`); n != 4 {
		t.Errorf("学 across every government found %d items, want 4", n)
	}
	mustContain(t, "学 across every government", body, "五华区人民政府 · 义务教育", "西山区人民政府 · 义务教育")
	mustContain(t, "a query nothing holds", s.page(t, "/catalogs?q="+urlq("龘")), "没有找到包含“龘”的事项")
}

// TestSearchPagesThroughManyHits: past a page of hits, the next page
// starts where the first ended, and the API pages the same way.
func TestSearchPagesThroughManyHits(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.publish(t, "km.wuhua", "social-assistance", many(120))
	first := s.page(t, "/catalogs/km.wuhua?q="+urlq("事项"))
	mustContain(t, "the first page of hits", first, "第 1–50 条", `href="/catalogs/km.wuhua?offset=50&amp;q=`, "<mark>事项</mark>050")
	second := s.page(t, "/catalogs/km.wuhua?offset=50&q="+urlq("事项"))
	mustContain(t, "the second page", second, "第 51–100 条", "<mark>事项</mark>051", "<mark>事项</mark>100", `rel="prev"`)
	if strings.Contains(second, "<mark>事项</mark>050") {
		t.Error("the second page repeats the first page's last hit")
	}
	_, body := fetch(t, s.URL+"/api/v1/catalogs/search?q="+urlq("事项")+"&org=km.wuhua&limit=50&offset=100")
	var page struct {
		Query string `json:"query"`
		Hits  []struct {
			OrgName    string         `json:"org_name"`
			DomainName string         `json:"domain_name"`
			Position   int            `json:"position"`
			Item       map[string]any `json:"item"`
		} `json:"hits"`
		Next int `json:"next_offset"`
	}
	if err := json.Unmarshal([]byte(body), &page); err != nil || len(page.Hits) != 20 || page.Next != 0 {
		t.Fatalf("the API's last page: %v, %d hits, next %d; want the last 20 and no next\n%.300s", err, len(page.Hits), page.Next, body)
	}
	h := page.Hits[0]
	if h.Position != 101 || h.OrgName != "五华区人民政府" || h.DomainName != "社会救助" || h.Item["二级事项"] != "事项101" || h.Item["公开内容（要素）"] == nil {
		t.Errorf("the API's first hit of the last page: %+v", h)
	}
	resp, body := fetch(t, s.URL+"/api/v1/catalogs/search?q="+urlq("学")+"&org=km.nowhere")
	if resp.StatusCode != 400 || !strings.Contains(body, "km.nowhere") {
		t.Errorf("a search within an unknown government: %d %s, want 400 naming it", resp.StatusCode, body)
	}
	resp, body = fetch(t, s.URL+"/api/v1/catalogs/search?q=")
	if resp.StatusCode != 400 || !strings.Contains(body, "请输入要查找的内容") {
		t.Errorf("an empty search: %d %s, want 400 asking for a query", resp.StatusCode, body)
	}
	if resp, _ := fetch(t, s.URL+"/catalogs/km.wuhua?offset=1001&q=x"); resp.StatusCode != 400 {
		t.Errorf("an offset past the bound: %d, want 400", resp.StatusCode)
	}
}
