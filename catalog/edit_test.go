package catalog_test

import (
	"testing"

	"govmedia"
	"govmedia/catalog"
)

// TestEditingACurrentCatalogMakesANewDraft edits a catalog whose first
// version is current: the first edit makes draft 2 from the current
// version's items, the next edit changes that draft, the current version
// keeps its items, and an edit while the draft is in review is refused.
func TestEditingACurrentCatalogMakesANewDraft(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.importDraft(t, w.county, "km.wuhua", items(2))
	v1, app, err := w.cat.Submit(w.ctx, w.county, "km.wuhua", "compulsory-education")
	if err != nil {
		t.Fatal(err)
	}
	w.approve(t, app.ID, w.guide, w.approver)
	remove := func(items []catalog.Item) ([]catalog.Item, error) { return catalog.RemoveItem(items, items[0].Key()) }
	d, err := w.cat.Edit(w.ctx, w.edit(w.county), "km.wuhua", "compulsory-education", remove)
	if err != nil || d.ID == v1.ID || d.Number != 2 || d.State != catalog.Draft || d.BasedOn != v1.ID || d.ItemCount != 1 {
		t.Fatalf("the first edit after version 1 became current: %+v %v", d, err)
	}
	add := func(items []catalog.Item) ([]catalog.Item, error) {
		return catalog.AddItem(items, item("学生资助", "资助政策"), 1), nil
	}
	d2, err := w.cat.Edit(w.ctx, w.edit(w.county), "km.wuhua", "compulsory-education", add)
	if err != nil || d2.ID != d.ID || d2.ItemCount != 2 {
		t.Fatalf("the second edit: %+v %v, want draft %d with 2 items", d2, err, d.ID)
	}
	cur, err := w.cat.Current(w.ctx, "km.wuhua", "compulsory-education")
	if err != nil || cur.ID != v1.ID || len(cur.Items) != 2 || cur.Items[0].Level2 != "第1项" || cur.Items[1].Level2 != "第2项" {
		t.Fatalf("the current version after the edits: %+v %v", cur, err)
	}
	if _, _, err := w.cat.Submit(w.ctx, w.county, "km.wuhua", "compulsory-education"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.cat.Edit(w.ctx, w.edit(w.county), "km.wuhua", "compulsory-education", remove); govmedia.ErrorCode(err) != govmedia.ECONFLICT {
		t.Fatalf("an edit while version 2 is in review: %v, want a conflict", err)
	}
}
