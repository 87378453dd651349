package web_test

import (
	"regexp"
	"strings"
	"testing"
)

// TestTheCatalogsPageListsEachCountyWithItsTownships: /catalogs lists the
// counties, under each the townships that publish, each with how many of
// the 26 domains have a current catalog and the date of the last change.
func TestTheCatalogsPageListsEachCountyWithItsTownships(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.publish(t, "km.wuhua", "social-assistance", assistance())
	s.publish(t, "km.wuhua", "compulsory-education", education())
	s.Clock.Advance(48 * 3600e9)
	s.publish(t, "km.wuhua.huashan", "compulsory-education", education())
	body := s.page(t, "/catalogs")
	mustContain(t, "/catalogs", body, "政务公开事项标准目录", `href="/catalogs/km.wuhua"`, "五华区人民政府", "2/26 个领域",
		`href="/catalogs/km.wuhua.huashan"`, "1/26 个领域", "另有 9 个乡镇（街道）尚未发布目录", "盘龙区人民政府",
		`<time datetime="2026-11-25T01:00:00Z">2026-11-25</time>`, `<time datetime="2026-11-23T01:00:00Z">2026-11-23</time>`)
	wuhua, xishan := strings.Index(body, "五华区人民政府"), strings.Index(body, "西山区人民政府") // the next county by code
	if huashan := strings.Index(body, "五华区华山街道办事处"); !(wuhua < huashan && huashan < xishan) {
		t.Errorf("华山街道 is not listed under 五华区 (at %d, 五华区 %d, 西山区 %d)", huashan, wuhua, xishan)
	}
	if strings.Contains(body, "五华区护国街道办事处") {
		t.Error("a township with no current catalog is listed by name")
	}
	if n := strings.Count(body, "尚未发布现行目录"); n != 16 {
		t.Errorf("%d counties marked as publishing nothing, want the 16 other than 五华区", n)
	}
}

// TestAGovernmentsPageListsEveryDomainAndMarksThoseWithoutACatalog: all 26
// pilot domains, the current ones linked with their version, item count,
// date and downloads; the others marked; a search box over its items.
func TestAGovernmentsPageListsEveryDomainAndMarksThoseWithoutACatalog(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.publish(t, "km.wuhua", "social-assistance", assistance())
	body := s.page(t, "/catalogs/km.wuhua")
	mustContain(t, "the county's page", body, "<h1>五华区人民政府</h1>", "26 个试点领域中，1 个已发布现行目录",
		`href="/catalogs/km.wuhua/social-assistance"`, "第 1 版 · 共 3 项 · 2026-11-23 起现行",
		`href="/catalogs/km.wuhua/social-assistance.xlsx"`, `href="/catalogs/km.wuhua/social-assistance.csv"`,
		`href="/catalogs/km.wuhua/social-assistance.json"`, `<form class="search" method="get" action="/catalogs/km.wuhua" role="search">`,
		`<label for="q">检索五华区人民政府的目录事项</label>`, "最近更新：", "义务教育", "税收管理")
	if n := strings.Count(body, `<li class="domain`); n != 26 {
		t.Errorf("%d domains listed, want the 26 pilot domains", n)
	}
	if n := strings.Count(body, `<li class="domain none">`); n != 25 {
		t.Errorf("%d domains marked as having no current catalog, want 25", n)
	}
	township := s.page(t, "/catalogs/km.wuhua.huashan")
	mustContain(t, "a township's page", township, `<a href="/catalogs/km.wuhua">五华区人民政府</a>`, "26 个试点领域中，0 个已发布现行目录")
}

// TestADomainPageShowsEachItemWithItsColumnsAndVersion: each item with
// 公开内容, 依据, 时限, 主体, 渠道, 对象, 方式, 层级; the version and since
// when it is current; a new version replaces it.
func TestADomainPageShowsEachItemWithItsColumnsAndVersion(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.publish(t, "km.wuhua", "social-assistance", assistance())
	body := s.page(t, "/catalogs/km.wuhua/social-assistance")
	mustContain(t, "the domain's page", body, "社会救助", "第 1 版 · 共 3 项 · 2026-11-23 起现行",
		"<h2>最低生活保障</h2>", "<h2>特困人员救助供养</h2>", `id="item-2"`, "低保对象",
		"<dt>公开内容（要素）</dt><dd>城乡低保对象的姓名、所在村（社区）和保障金额</dd>",
		"<dt>公开依据</dt><dd>《社会救助暂行办法》</dd>", "<dt>公开时限</dt><dd>信息形成或变更之日起20个工作日内</dd>",
		"<dt>公开主体</dt><dd>县级民政部门</dd>", "<dt>公开渠道和载体</dt><dd>政府网站、两微一端、其他；村务公开栏</dd>",
		"<dt>公开对象</dt><dd>全社会</dd>", "<dt>公开方式</dt><dd>主动</dd>", "<dt>公开层级</dt><dd>县级、乡级</dd>",
		`href="/catalogs/km.wuhua/social-assistance.xlsx"`)
	if strings.Count(body, "<h2>最低生活保障</h2>") != 1 {
		t.Error("the two items of one first-level item are not under one heading")
	}
	if strings.Contains(body, "<table") {
		t.Error("the items are laid out in a table, which overflows a phone")
	}
	s.Clock.Advance(24 * 3600e9)
	s.publish(t, "km.wuhua", "social-assistance", append(assistance(), entry("临时救助", "救助结果", "临时救助对象和金额")))
	mustContain(t, "the domain's page after a new version", s.page(t, "/catalogs/km.wuhua/social-assistance"),
		"第 2 版 · 共 4 项 · 2026-11-24 起现行", "临时救助对象和金额")
}

// TestTheCatalogPagesHoldUpOnAPhone: nothing on the pages is a table, the
// columns of an item stack on a narrow screen, names keep a width of their
// own (no name wrapping a character a line) and long words break.
func TestTheCatalogPagesHoldUpOnAPhone(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.publish(t, "km.wuhua", "social-assistance", assistance())
	for _, path := range []string{"/catalogs", "/catalogs/km.wuhua", "/catalogs/km.wuhua/social-assistance", "/catalogs/km.wuhua?q=低保"} {
		body := s.page(t, path)
		mustContain(t, path, body, `<meta name="viewport" content="width=device-width, initial-scale=1">`,
			".row .name{flex:1 1 12em;min-width:10em", ".item dd{margin:0;overflow-wrap:anywhere}")
		if !regexp.MustCompile(`@media \(max-width:\d+px\)\{[^}]*\}?[^@]*\.item dl\{grid-template-columns:1fr`).MatchString(body) {
			t.Errorf("%s: an item's columns do not stack on a narrow screen", path)
		}
		if strings.Contains(body, "<table") {
			t.Errorf("%s holds a table", path)
		}
	}
}
