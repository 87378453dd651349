package catalog_test

import (
	"testing"

	"govmedia/catalog"
	"govmedia/registry"
)

func (w *world) currentCatalog(t *testing.T, org string, m *registry.Member, list []catalog.Item, deciders ...*registry.Member) {
	t.Helper()
	w.importDraft(t, m, org, list)
	_, app, err := w.cat.Submit(w.ctx, m, org, "compulsory-education")
	if err != nil {
		t.Fatal(err)
	}
	w.approve(t, app.ID, deciders...)
}

func TestSearchFindsOneAndTwoCharacterQueriesInCurrentCatalogs(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.currentCatalog(t, "km.wuhua", w.county, []catalog.Item{item("招生入学", "义务教育入学政策"), item("学生资助", "低保家庭学生资助"),
		item("收费", "100%收费项目")}, w.guide, w.approver)
	w.importDraft(t, w.township, "km.wuhua.huashan", []catalog.Item{item("招生入学", "街道草稿里的入学")}) // a draft: not searched
	for q, want := range map[string]int{"学": 2, "低保": 1, "入学政策": 1, "草稿": 0, "%": 1, "资助 ": 1, "不存在": 0} {
		hits, err := w.cat.Search(w.ctx, catalog.SearchQuery{Q: q})
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) != want {
			t.Errorf("%q found %d items, want %d: %+v", q, len(hits), want, hits)
		}
	}
	if hits, _ := w.cat.Search(w.ctx, catalog.SearchQuery{Q: "学", Org: "km.xishan"}); len(hits) != 0 {
		t.Errorf("another county's search found %d items", len(hits))
	}
	if _, err := w.cat.Search(w.ctx, catalog.SearchQuery{Q: ""}); err == nil {
		t.Error("an empty query was searched")
	}
}
