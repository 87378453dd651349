package catalog_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"govmedia/catalog"
)

// TestTheUpdateNoticeListsEachKindOfChangeAndWhereTheCatalogIs composes
// the notice of a second version against its first: the counts, each kind
// of change under its heading (names escaped, a changed item with its
// columns, past fifty the rest counted), and the public page; a first
// version says so, and without a public address the portal is named.
func TestTheUpdateNoticeListsEachKindOfChangeAndWhereTheCatalogIs(t *testing.T) {
	var old, now []catalog.Item
	for i := range 3 {
		old = append(old, item("招生入学", fmt.Sprintf("第%d项", i+1)))
	}
	now = append(now, old[2], old[0])
	now[1].Deadline = "招生前"
	for i := range 52 {
		now = append(now, item("学生资助", fmt.Sprintf("资助<%d>", i+1)))
	}
	since := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	v := &catalog.Version{Number: 2, BasedOn: 7, CurrentSince: since, Items: now}
	page := "https://gk.km.gov.cn/catalogs/km.wuhua/compulsory-education"
	n := catalog.UpdateNotice(v, catalog.Diff(old, now), "五华区人民政府", "义务教育", page)
	for _, want := range []string{
		"义务教育领域政务公开事项标准目录第 2 版自 2026-12-01 起施行，共 54 项。",
		"与上一版相比：新增 52 项，修改 1 项，删除 1 项，调整顺序 1 项。",
		"<h3>新增事项</h3><ul><li>学生资助 · 资助&lt;1&gt;</li>", "<li>学生资助 · 资助&lt;50&gt;</li><li>等 2 项</li></ul>",
		"<h3>修改事项</h3><ul><li>招生入学 · 第1项（公开时限）</li></ul>",
		"<h3>删除事项</h3><ul><li>招生入学 · 第2项</li></ul>",
		"<h3>调整顺序的事项</h3><ul><li>招生入学 · 第3项</li></ul>",
		"完整目录、事项检索和目录下载请见：" + page,
	} {
		if !strings.Contains(n.HTML, want) {
			t.Errorf("the notice lacks %q:\n%s", want, n.HTML)
		}
	}
	if strings.Contains(n.HTML, "资助&lt;51&gt;") || n.SourceURL != page || n.Title != "五华区人民政府义务教育领域政务公开事项目录更新" {
		t.Errorf("the notice %q reads on at %q:\n%s", n.Title, n.SourceURL, n.HTML)
	}
	first := catalog.UpdateNotice(&catalog.Version{Number: 1, CurrentSince: since, Items: old}, catalog.Diff(nil, old), "五华区人民政府", "义务教育", "")
	if !strings.Contains(first.HTML, "这是本领域目录首次发布。") || !strings.Contains(first.HTML, "本级政府门户网站政务公开专栏") ||
		strings.Contains(first.HTML, "与上一版相比") || first.SourceURL != "" {
		t.Errorf("the first version's notice:\n%s", first.HTML)
	}
}
