package oversight_test

import (
	"testing"
	"time"

	"govmedia"
	"govmedia/oversight"
	"govmedia/registry"
)

// TestAMilestoneBoundTo五华区BindsNoOtherCounty: a milestone the city office
// binds to 五华区 alone is seen, reminded and counted late for 五华区 only;
// 西山区 does not see it, is not reminded, may not confirm it and is not
// on the late list; the city's standing holds 五华区 alone.
func TestAMilestoneBoundTo五华区BindsNoOtherCounty(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	city := w.member(t, "km.office", registry.Approver)
	due := time.Date(2026, 12, 10, 0, 0, 0, 0, govmedia.ChinaTime)
	m, err := w.over.AddMilestone(w.ctx, city, "五华区专区建成", oversight.Confirmed, registry.County, due, "km.wuhua")
	if err != nil {
		t.Fatal(err)
	}
	standing, err := w.over.Standing(w.ctx, m)
	if err != nil || len(standing) != 1 || standing[0].Org.Code != "km.wuhua" {
		t.Fatalf("standing: %+v %v, want 五华区 alone", standing, err)
	}
	wuhua, xishan := w.member(t, "km.wuhua.office", registry.Operator), w.member(t, "km.xishan.office", registry.Admin)
	if own, err := w.over.MilestonesOf(w.ctx, wuhua); err != nil || len(own) != 1 || own[0].Milestone.ID != m.ID {
		t.Fatalf("五华区 sees %+v %v, want its milestone", own, err)
	}
	if own, err := w.over.MilestonesOf(w.ctx, xishan); err != nil || len(own) != 0 {
		t.Fatalf("西山区 sees %+v %v, want none", own, err)
	}
	if err := w.over.Confirm(w.ctx, xishan, m.ID); govmedia.ErrorCode(err) != govmedia.EFORBIDDEN {
		t.Fatalf("西山区 confirming 五华区's milestone: %v, want forbidden", err)
	}
	w.at(t, "2026-12-08 09:00")
	reminded := only("milestone_reminder", w.check(t))
	if len(reminded) != 1 || reminded[0].Org != "km.wuhua" {
		t.Fatalf("two days before: %v, want 五华区 alone reminded", kinds(reminded))
	}
	w.at(t, "2026-12-11 09:00")
	late := only("milestones_late", w.check(t))
	if len(late) != 1 || late[0].Org != "km.office" || len(late[0].Late) != 1 || late[0].Late[0] != "五华区人民政府" {
		t.Fatalf("the day after: %+v, want the city told 五华区 alone is late", late)
	}
}

// TestAMilestoneNamesOnlyGovernmentsOfItsLevel: forged or mistaken names
// (a township for a county milestone, an office, an unknown code, one
// twice) are refused and nothing is set; two townships are taken, and
// each of the other townships of 五华区 sees nothing.
func TestAMilestoneNamesOnlyGovernmentsOfItsLevel(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	city := w.member(t, "km.office", registry.Admin)
	due := w.Clock.Now().AddDate(0, 0, 7)
	for _, orgs := range [][]string{{"km.wuhua.huashan"}, {"km.wuhua.office"}, {"km.nowhere"}, {"km.wuhua", "km.wuhua"}, {"km.wuhua", "km"}} {
		if _, err := w.over.AddMilestone(w.ctx, city, "节点", oversight.Confirmed, registry.County, due, orgs...); govmedia.ErrorCode(err) != govmedia.EINVALID {
			t.Errorf("a county milestone naming %v: %v, want invalid", orgs, err)
		}
	}
	if list, err := w.over.Milestones(w.ctx); err != nil || len(list) != 0 {
		t.Fatalf("after refusals: %d milestones %v, want none", len(list), err)
	}
	m, err := w.over.AddMilestone(w.ctx, city, "街道节点", oversight.Confirmed, registry.Township, due, "km.wuhua.huashan", "km.xishan.jinbi")
	if err != nil {
		t.Fatal(err)
	}
	list, err := w.over.Milestones(w.ctx)
	if err != nil || len(list) != 1 || len(list[0].Orgs) != 2 {
		t.Fatalf("listed: %+v %v, want one naming two townships", list, err)
	}
	for org, binds := range map[string]bool{"km.wuhua.huashan": true, "km.xishan.jinbi": true, "km.wuhua.huguo": false} {
		own, err := w.over.MilestonesOf(w.ctx, w.member(t, org, registry.Operator))
		if err != nil || (len(own) == 1) != binds {
			t.Errorf("%s sees %d milestones (%v), want bound %v", org, len(own), err, binds)
		}
	}
	if err := w.over.Confirm(w.ctx, w.member(t, "km.wuhua.huguo", registry.Operator), m.ID); govmedia.ErrorCode(err) != govmedia.EFORBIDDEN {
		t.Fatalf("a township not named confirming: %v, want forbidden", err)
	}
}
