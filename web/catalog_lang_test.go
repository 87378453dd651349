package web_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestTheCatalogPagesSpeakEnglishWhenAsked: ?lang=en (carried in every
// link and form) or an English browser gets the pages in English; the
// catalogs' own words stay as their governments wrote them.
func TestTheCatalogPagesSpeakEnglishWhenAsked(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.publish(t, "km.wuhua", "social-assistance", assistance())
	body := s.page(t, "/catalogs?lang=en")
	mustContain(t, "/catalogs in English", body, `<html lang="en">`, "Standard catalogs of public-affairs items", "1 of 26 domains",
		`href="/catalogs/km.wuhua?lang=en"`, `<input type="hidden" name="lang" value="en">`, "Last changed: ", `href="/catalogs?lang=zh"`)
	body = s.page(t, "/catalogs/km.wuhua?lang=en")
	mustContain(t, "五华区's page in English", body, "1 of the 26 pilot domains have a current catalog", "Social assistance",
		"Version 1 · 3 items · current since 2026-11-23", "No current catalog yet", "Excel (official template)",
		`href="/catalogs/km.wuhua/social-assistance?lang=en"`)
	body = s.page(t, "/catalogs/km.wuhua/social-assistance?lang=en")
	mustContain(t, "the domain's page in English", body, "<dt>Content disclosed</dt><dd>城乡低保对象的姓名、所在村（社区）和保障金额</dd>",
		"<dt>Legal basis</dt>", "<dt>Time limit</dt>", "<dt>Disclosing body</dt>", "<dt>Channels</dt><dd>Government website; Weibo, WeChat and apps; Other；村务公开栏</dd>",
		"<dt>Audience</dt><dd>The whole society</dd>", "<dt>Manner</dt><dd>Proactive</dd>", "<dt>Level</dt><dd>County; Township</dd>")
	mustContain(t, "a search in English", s.page(t, "/catalogs/km.wuhua?lang=en&q="+urlq("低保")), "Results for “低保”", "Results 1–2",
		`href="/catalogs/km.wuhua/social-assistance?at=1&amp;lang=en#item-1"`)
	_, body = fetch(t, s.URL+"/catalogs/km.wuhua", "Accept-Language", "en-GB,en;q=0.9")
	mustContain(t, "an English browser", body, `<html lang="en">`, "Catalogs by pilot domain", `href="/catalogs/km.wuhua/social-assistance"`)
	if body := s.page(t, "/catalogs/km.wuhua"); !strings.Contains(body, `<html lang="zh-CN">`) || !strings.Contains(body, "各试点领域目录") {
		t.Error("without a language asked, the page is not in Chinese")
	}
	resp, body := fetch(t, s.URL+"/api/v1/catalogs/km.wuhua/nowhere?lang=en")
	var e struct{ Error struct{ Message string } }
	if resp.StatusCode != 404 || json.Unmarshal([]byte(body), &e) != nil || !strings.Contains(e.Error.Message, "no pilot domain") {
		t.Errorf("the API's 404 in English: %d %s", resp.StatusCode, body)
	}
}

// TestAnUnknownGovernmentOrDomainIsA404PageInTheReadersLanguage: a code
// that is no grassroots government, a domain that is no pilot domain, a
// domain without a current catalog and a path below them are each a 404
// page saying so, echoing no more than 32 characters of what was asked.
func TestAnUnknownGovernmentOrDomainIsA404PageInTheReadersLanguage(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.publish(t, "km.wuhua", "social-assistance", assistance())
	for _, c := range []struct{ path, zh, en string }{
		{"/catalogs/km.nowhere", "没有“km.nowhere”这个县（市、区）或乡镇（街道）政府的公开目录", "There is no county or township government “km.nowhere”"},
		{"/catalogs/km.dept.jyt", "没有“km.dept.jyt”这个", "There is no county or township government “km.dept.jyt”"},
		{"/catalogs/km", "没有“km”这个", "There is no county or township government “km”"},
		{"/catalogs/km.wuhua/nowhere", "没有“nowhere”这个试点领域", "no pilot domain"},
		{"/catalogs/km.wuhua/health-care", "这个领域还没有现行的公开事项目录", "current"},
		{"/catalogs/km.wuhua/health-care.xlsx", "这个领域还没有现行的公开事项目录", "current"},
		{"/catalogs/km.wuhua/social-assistance.pdf", "目录可下载为 xlsx、csv 或 json 文件", "xlsx, csv or json"},
		{"/catalogs/km.wuhua/social-assistance/x", "公开目录中没有“/catalogs/km.wuhua/social-assistance/x”这个页面", "There is no page “/catalogs/km.wuhua/social-assistance/x”"},
		{"/catalogs/", "公开目录中没有“/catalogs/”这个页面", "There is no page"},
		{"/catalogs/" + strings.Repeat("x", 100), "没有“" + strings.Repeat("x", 32) + "…”", "There is no county"},
	} {
		resp, body := fetch(t, s.URL+c.path)
		if resp.StatusCode != 404 || !strings.Contains(body, c.zh) || !strings.Contains(resp.Header.Get("Content-Type"), "text/html") {
			t.Errorf("GET %s: %d %s; want a 404 page saying %q", c.path, resp.StatusCode, resp.Header.Get("Content-Type"), c.zh)
		}
		if strings.Contains(body, strings.Repeat("x", 33)) {
			t.Errorf("GET %s echoes the whole path", c.path)
		}
		sep := "?"
		if strings.Contains(c.path, "?") {
			sep = "&"
		}
		if resp, body := fetch(t, s.URL+c.path+sep+"lang=en"); resp.StatusCode != 404 || !strings.Contains(body, c.en) || !strings.Contains(body, `<html lang="en">`) {
			t.Errorf("GET %s in English: %d; want a 404 page saying %q", c.path, resp.StatusCode, c.en)
		}
	}
}
