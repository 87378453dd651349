package oversight_test

import (
	"testing"
	"time"

	"govmedia"
	"govmedia/registry"
)

// TestEachOfficeSeesTheZombiesUnderIt: past 90 days the city office sees
// every dormant account, most silent first; a county's office those of its
// own units only; a department's operator and a guide are refused, and an
// account outside an office's reach is not found for it.
func TestEachOfficeSeesTheZombiesUnderIt(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	wuhua := w.account(t, "km.wuhua.dept.edu", other(registry.Weibo, "五华教育微博"))
	w.Clock.Advance(5 * 24 * time.Hour)
	xishan := w.account(t, "km.xishan.dept.edu", other(registry.Weibo, "西山教育微博"))
	w.Clock.Advance(95 * 24 * time.Hour)

	city, err := w.over.ZombiesFor(w.ctx, w.member(t, "km.office", registry.Approver))
	if err != nil || len(city) != 2 || city[0].ID != wuhua.ID || city[1].ID != xishan.ID {
		t.Fatalf("the city office's zombies: %+v %v; want 五华 (100 days) then 西山 (95)", city, err)
	}
	county := w.member(t, "km.wuhua.office", registry.Reviewer)
	own, err := w.over.ZombiesFor(w.ctx, county)
	if err != nil || len(own) != 1 || own[0].ID != wuhua.ID {
		t.Fatalf("the county office's zombies: %+v %v; want 五华's only", own, err)
	}
	if _, err := w.over.ZombieFor(w.ctx, county, xishan.ID); govmedia.ErrorCode(err) != govmedia.ENOTFOUND {
		t.Fatalf("another county's zombie for the county office: %v, want ENOTFOUND", err)
	}
	for _, m := range []*registry.Member{w.member(t, "km.wuhua.dept.edu", registry.Operator), w.member(t, "km.wuhua.office", registry.Operator)} {
		if _, err := w.over.ZombiesFor(w.ctx, m); govmedia.ErrorCode(err) != govmedia.EFORBIDDEN {
			t.Fatalf("%s's zombies: %v, want EFORBIDDEN", m.DisplayName, err)
		}
	}
}
