package oversight_test

import (
	"slices"
	"testing"
	"time"

	"govmedia"
	"govmedia/catalog"
	"govmedia/oversight"
	"govmedia/registry"
)

// TestACatalogMilestoneIsMetByTheCatalogsNotByACheckbox: 五华区 submits
// its catalog of every pilot domain before the day; it hears no reminder,
// the others do three days before; the day after, the city office hears
// who is late; 五华区 met it early and cannot tick it.
func TestACatalogMilestoneIsMetByTheCatalogsNotByACheckbox(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	city := w.member(t, "km.office", registry.Approver)
	due := time.Date(2026, 12, 10, 12, 0, 0, 0, govmedia.ChinaTime)
	m, err := w.over.AddMilestone(w.ctx, city, "各县区目录编制完成", oversight.CatalogsCompiled, registry.County, due)
	if err != nil {
		t.Fatal(err)
	}
	w.submitEveryDomain(t, "km.wuhua")
	standing, err := w.over.Standing(w.ctx, m)
	if err != nil || len(standing) != 17 {
		t.Fatalf("standing: %d %v", len(standing), err)
	}
	for _, s := range standing {
		if met := !s.MetAt.IsZero(); met != (s.Org.Code == "km.wuhua") || (met && !s.Early(m)) {
			t.Fatalf("%s: met at %v, want only 五华区, early", s.Org.Name, s.MetAt)
		}
	}
	w.at(t, "2026-12-06 09:00")
	if got := only("milestone_reminder", w.check(t)); len(got) != 0 {
		t.Fatalf("reminded four days before: %v", kinds(got))
	}
	w.at(t, "2026-12-08 09:00")
	got := only("milestone_reminder", w.check(t))
	if len(got) != 16 || slices.ContainsFunc(got, func(e oversight.Event) bool { return e.Org == "km.wuhua" }) {
		t.Fatalf("two days before: %v, want the 16 counties that are not there", kinds(got))
	}
	if again := w.check(t); len(only("milestone_reminder", again)) != 0 {
		t.Fatal("reminded twice")
	}
	w.at(t, "2026-12-11 09:00")
	late := only("milestones_late", w.check(t))
	if len(late) != 1 || late[0].Org != "km.office" || len(late[0].Late) != 16 || slices.Contains(late[0].Late, "五华区人民政府") {
		t.Fatalf("the day after: %+v", late)
	}
	if err := w.over.Confirm(w.ctx, w.member(t, "km.wuhua.office", registry.Admin), m.ID); govmedia.ErrorCode(err) != govmedia.EINVALID {
		t.Fatalf("ticking a catalog milestone: %v, want refused", err)
	}
}

// TestOnlyTheCityOfficeSetsMilestonesAndTheBoundConfirmThem.
func TestOnlyTheCityOfficeSetsMilestonesAndTheBoundConfirmThem(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	due := w.Clock.Now().Add(7 * 24 * time.Hour)
	for _, by := range []*registry.Member{w.member(t, "km.wuhua.office", registry.Admin), w.member(t, "km.office", registry.Operator), w.member(t, "km.dept.jyt", registry.Admin)} {
		if _, err := w.over.AddMilestone(w.ctx, by, "节点", oversight.Confirmed, registry.County, due); govmedia.ErrorCode(err) != govmedia.EFORBIDDEN {
			t.Errorf("a milestone set by %s %s: %v", by.OrgCode, by.Role, err)
		}
	}
	city := w.member(t, "km.office", registry.Admin)
	for _, c := range []struct {
		title, kind string
		level       registry.Level
	}{{"", oversight.Confirmed, registry.County}, {"节点", "checkbox", registry.County}, {"节点", oversight.Confirmed, registry.City},
		{"节点", oversight.TownshipsAudited, registry.Township}} {
		if _, err := w.over.AddMilestone(w.ctx, city, c.title, c.kind, c.level, due); govmedia.ErrorCode(err) != govmedia.EINVALID {
			t.Errorf("%+v: %v, want invalid", c, err)
		}
	}
	m, err := w.over.AddMilestone(w.ctx, city, "乡镇政务公开专区建成", oversight.Confirmed, registry.Township, due)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.over.Confirm(w.ctx, w.member(t, "km.wuhua.office", registry.Admin), m.ID); govmedia.ErrorCode(err) != govmedia.EFORBIDDEN {
		t.Fatalf("a county confirming a township milestone: %v", err)
	}
	if err := w.over.Confirm(w.ctx, w.member(t, "km.wuhua.huashan", registry.Operator), m.ID); err != nil {
		t.Fatal(err)
	}
	standing, _ := w.over.Standing(w.ctx, m)
	for _, s := range standing {
		if !s.MetAt.IsZero() != (s.Org.Code == "km.wuhua.huashan") {
			t.Fatalf("%s met at %v", s.Org.Code, s.MetAt)
		}
	}
}

// submitDomain drafts and submits a government's catalog of one domain.
func (w *world) submitDomain(t *testing.T, gov, domain string) {
	t.Helper()
	office := w.member(t, gov+".office", registry.Operator)
	items := []catalog.Item{{Level1: "招生入学", Level2: "入学政策", Content: "招生范围、条件、程序",
		Modes: []catalog.Mode{catalog.Proactive}, Levels: []catalog.Level{catalog.CountyLevel}}}
	if _, err := w.cat.Import(w.ctx, catalog.Editor{Actor: office.Actor(), Member: office}, gov, []catalog.DomainItems{{Domain: domain, Items: items}}, "t.xlsx"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := w.cat.Submit(w.ctx, office, gov, domain); err != nil {
		t.Fatal(err)
	}
}

// latestVersion is the id of a government's latest catalog version.
func (w *world) latestVersion(t *testing.T, gov string) int64 {
	t.Helper()
	var id int64
	if err := w.DB.NewSelect().Table("catalog_versions").Column("id").Where("org_code = ?", gov).OrderExpr("id DESC").Limit(1).Scan(w.ctx, &id); err != nil {
		t.Fatal(err)
	}
	return id
}

// submitEveryDomain drafts and submits a county's catalog of every pilot
// domain, as its office would.
func (w *world) submitEveryDomain(t *testing.T, gov string) {
	t.Helper()
	office := w.member(t, gov+".office", registry.Operator)
	domains, err := w.Registry.Domains(w.ctx)
	if err != nil {
		t.Fatal(err)
	}
	files := make([]catalog.DomainItems, len(domains))
	for i, d := range domains {
		files[i] = catalog.DomainItems{Domain: d.Code, Items: []catalog.Item{{Level1: d.Name + "事项", Level2: "基本信息", Content: "依据、程序、结果",
			Modes: []catalog.Mode{catalog.Proactive}, Levels: []catalog.Level{catalog.CountyLevel}}}}
	}
	if _, err := w.cat.Import(w.ctx, catalog.Editor{Actor: office.Actor(), Member: office}, gov, files, "t.xlsx"); err != nil {
		t.Fatal(err)
	}
	for _, d := range domains {
		if _, _, err := w.cat.Submit(w.ctx, office, gov, d.Code); err != nil {
			t.Fatalf("submitting %s: %v", d.Code, err)
		}
	}
}
