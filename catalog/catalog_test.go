package catalog_test

import (
	"strings"
	"testing"

	"govmedia"
	"govmedia/approvals"
	"govmedia/catalog"
	"govmedia/oversight/content"
	"govmedia/registry"
)

func TestImportMakesADraftAndTheSameItemsTwiceMakeNothingNew(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	first := w.importDraft(t, w.county, "km.wuhua", items(3))
	if first.Unchanged || first.Version.Number != 1 || first.Version.State != catalog.Draft || len(first.Changes) != 3 {
		t.Fatalf("first import: %+v", first)
	}
	again := w.importDraft(t, w.county, "km.wuhua", items(3))
	if !again.Unchanged || again.Version.ID != first.Version.ID {
		t.Fatalf("the same items again made a new version: %+v", again)
	}
	more := w.importDraft(t, w.county, "km.wuhua", items(4))
	if more.Unchanged || more.Version.ID != first.Version.ID || more.Version.ItemCount != 4 {
		t.Fatalf("a changed import replaces the draft: %+v", more)
	}
	var versions int
	_ = w.DB.NewRaw("SELECT count(*) FROM catalog_versions").Scan(w.ctx, &versions)
	if versions != 1 {
		t.Fatalf("%d versions, want the one draft", versions)
	}
}

func TestAPlanWritesNothing(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	out, err := w.cat.Plan(w.ctx, w.edit(nil), "km.wuhua", []catalog.DomainItems{{Domain: "compulsory-education", Items: items(2)}})
	if err != nil || len(out[0].Changes) != 2 {
		t.Fatalf("plan: %+v %v", out, err)
	}
	var versions int
	_ = w.DB.NewRaw("SELECT count(*) FROM catalog_versions").Scan(w.ctx, &versions)
	if versions != 0 {
		t.Fatalf("a dry run wrote %d versions", versions)
	}
}

func TestBadItemsAreAllReportedAndNothingIsWritten(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	bad := items(4)
	bad[1].Content = ""
	bad[2].Modes = nil
	bad[3] = bad[0]
	_, err := w.cat.Import(w.ctx, w.edit(w.county), "km.wuhua", []catalog.DomainItems{
		{Domain: "social-assistance", Items: items(2)}, {Domain: "compulsory-education", Items: bad}}, "bad.xlsx")
	var list govmedia.FieldErrors
	if !asFieldErrors(err, &list) || len(list) != 3 {
		t.Fatalf("got %v, want three problems", err)
	}
	text := list.Message(govmedia.Chinese)
	for _, want := range []string{"第 2 行", "公开内容（要素）", "第 3 行", "公开方式", "第 4 行", "重复出现"} {
		if !strings.Contains(text, want) {
			t.Errorf("the problems do not say %q:\n%s", want, text)
		}
	}
	var versions int
	_ = w.DB.NewRaw("SELECT count(*) FROM catalog_versions").Scan(w.ctx, &versions)
	if versions != 0 {
		t.Fatalf("a refused import wrote %d versions (the good domain too must not be)", versions)
	}
}

func asFieldErrors(err error, list *govmedia.FieldErrors) bool {
	l, ok := err.(govmedia.FieldErrors)
	*list = l
	return ok
}

func TestOnlyTheGovernmentsOwnCompileItsCatalog(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	for _, m := range []*registry.Member{w.outsider, w.reviewer, w.guide, w.township} {
		_, err := w.cat.Import(w.ctx, w.edit(m), "km.wuhua", []catalog.DomainItems{{Domain: "compulsory-education", Items: items(1)}}, "x")
		if govmedia.ErrorCode(err) != govmedia.EFORBIDDEN {
			t.Errorf("%s importing the county's catalog: %v, want forbidden", m.DisplayName, err)
		}
	}
	if _, err := w.cat.Import(w.ctx, w.edit(nil), "km", []catalog.DomainItems{{Domain: "compulsory-education", Items: items(1)}}, "x"); govmedia.ErrorCode(err) != govmedia.EINVALID {
		t.Errorf("the city government has no grassroots catalog: got %v", err)
	}
}

// TestACountyCatalogGoesToItsGuideThenTheCity submits a county's catalog:
// it starts at the domain's guiding department, then the city office;
// approved, it is current, and a later version supersedes it, which is
// kept as it was.
func TestACountyCatalogGoesToItsGuideThenTheCity(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.importDraft(t, w.county, "km.wuhua", items(2))
	v, app, err := w.cat.Submit(w.ctx, w.county, "km.wuhua", "compulsory-education")
	if err != nil {
		t.Fatal(err)
	}
	if chain := offices(app); chain != "km.dept.jyt:guide km.office:approver" {
		t.Fatalf("the county's chain is %s", chain)
	}
	if _, err := w.cat.Import(w.ctx, w.edit(w.county), "km.wuhua", []catalog.DomainItems{{Domain: "compulsory-education", Items: items(5)}}, "x"); govmedia.ErrorCode(err) != govmedia.ECONFLICT {
		t.Fatalf("importing over a version in review: %v, want conflict", err)
	}
	w.approve(t, app.ID, w.guide, w.approver)
	cur := w.versionState(t, v.ID)
	if cur != catalog.Current {
		t.Fatalf("the approved version is %s, want current", cur)
	}
	next := w.importDraft(t, w.county, "km.wuhua", items(3))
	if next.Version.Number != 2 || len(next.Changes) != 1 || next.Changes[0].Kind != catalog.Added {
		t.Fatalf("the second version: %+v", next)
	}
	_, app2, err := w.cat.Submit(w.ctx, w.county, "km.wuhua", "compulsory-education")
	if err != nil {
		t.Fatal(err)
	}
	w.approve(t, app2.ID, w.guide, w.approver)
	if st := w.versionState(t, v.ID); st != catalog.Superseded {
		t.Fatalf("the first version is %s, want superseded", st)
	}
	if _, err := w.DB.ExecContext(w.ctx, "UPDATE catalog_items SET item = '{}' WHERE version_id = ?", v.ID); err == nil {
		t.Fatal("a superseded version's items were changed")
	}
}

func (w *world) versionState(t *testing.T, id int64) catalog.State {
	t.Helper()
	var st catalog.State
	if err := w.DB.NewRaw("SELECT state FROM catalog_versions WHERE id = ?", id).Scan(w.ctx, &st); err != nil {
		t.Fatal(err)
	}
	return st
}

// offices renders an application's chain as "office:role …".
func offices(app *approvals.Application) string {
	var parts []string
	for _, s := range app.CurrentSteps() {
		parts = append(parts, s.OfficeOrg+":"+string(s.DeciderRole))
	}
	return strings.Join(parts, " ")
}

func TestATownshipCatalogGoesToItsCountyFirst(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.importDraft(t, w.township, "km.wuhua.huashan", items(1))
	_, app, err := w.cat.Submit(w.ctx, w.township, "km.wuhua.huashan", "compulsory-education")
	if err != nil {
		t.Fatal(err)
	}
	if chain := offices(app); chain != "km.wuhua.office:reviewer km.dept.jyt:guide km.office:approver" {
		t.Fatalf("the township's chain is %s", chain)
	}
	w.approve(t, app.ID, w.reviewer, w.guide, w.approver)
}

// TestADomainWithSeveralGuidesNeedsEachOfThem: 城市综合执法 is guided by
// six city departments; each decides in turn, and another's guide cannot.
func TestADomainWithSeveralGuidesNeedsEachOfThem(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	if _, err := w.cat.Import(w.ctx, w.edit(w.county), "km.wuhua", []catalog.DomainItems{{Domain: "urban-comprehensive-enforcement", Items: items(1)}}, "x"); err != nil {
		t.Fatal(err)
	}
	_, app, err := w.cat.Submit(w.ctx, w.county, "km.wuhua", "urban-comprehensive-enforcement")
	if err != nil {
		t.Fatal(err)
	}
	want := "km.dept.zjj:guide km.dept.cg:guide km.dept.sw:guide km.dept.dc:guide km.dept.scjg:guide km.dept.gjj:guide km.office:approver"
	if chain := offices(app); chain != want {
		t.Fatalf("chain %s, want %s", chain, want)
	}
	step := app.PendingStep()
	if _, err := w.engine.Decide(w.ctx, w.guide, step.ID, approvals.Approve, ""); err == nil {
		t.Fatal("the education guide decided the housing department's step")
	}
	var guides []*registry.Member
	for _, org := range []string{"km.dept.zjj", "km.dept.cg", "km.dept.sw", "km.dept.dc", "km.dept.scjg", "km.dept.gjj"} {
		guides = append(guides, w.Member(t, org, registry.Guide, org+"指导"))
	}
	w.approve(t, app.ID, append(guides, w.approver)...)
}

func TestAReturnedVersionIsEditedAndResubmitted(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.importDraft(t, w.county, "km.wuhua", items(2))
	v, app, err := w.cat.Submit(w.ctx, w.county, "km.wuhua", "compulsory-education")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.engine.Decide(w.ctx, w.guide, app.PendingStep().ID, approvals.Return, "请补充公开依据"); err != nil {
		t.Fatal(err)
	}
	if st := w.versionState(t, v.ID); st != catalog.Draft {
		t.Fatalf("a returned version is %s, want a draft again", st)
	}
	if _, err := w.cat.Edit(w.ctx, w.edit(w.county), "km.wuhua", "compulsory-education", func(list []catalog.Item) ([]catalog.Item, error) {
		return catalog.AddItem(list, item("招生入学", "新增事项"), 1), nil
	}); err != nil {
		t.Fatal(err)
	}
	_, again, err := w.cat.Submit(w.ctx, w.county, "km.wuhua", "compulsory-education")
	if err != nil {
		t.Fatal(err)
	}
	if again.ID != app.ID || again.Round != 2 {
		t.Fatalf("resubmitted as application %d round %d, want %d round 2", again.ID, again.Round, app.ID)
	}
	w.approve(t, app.ID, w.guide, w.approver)
}

// TestCompletenessListsTheCountysTownshipItemsATownshipLacks: the county's
// items marked 乡级 are what its townships must have.
func TestCompletenessListsTheCountysTownshipItemsATownshipLacks(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	county := []catalog.Item{item("招生入学", "入学政策"), item("招生入学", "学区划分", catalog.CountyLevel), item("学生资助", "资助名单")}
	w.importDraft(t, w.county, "km.wuhua", county)
	_, app, err := w.cat.Submit(w.ctx, w.county, "km.wuhua", "compulsory-education")
	if err != nil {
		t.Fatal(err)
	}
	w.approve(t, app.ID, w.guide, w.approver)
	out := w.importDraft(t, w.township, "km.wuhua.huashan", []catalog.Item{item("招生入学", "入学政策")})
	if len(out.Missing) != 1 || out.Missing[0].Level2 != "资助名单" {
		t.Fatalf("missing %+v, want the one 乡级 item the township lacks", out.Missing)
	}
	st, err := w.cat.Overview(w.ctx, "km.wuhua.huashan")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range st {
		if d.Domain.Code == "compulsory-education" && (d.Open != catalog.Draft || d.Current != 0) {
			t.Fatalf("the township's education catalog: %+v", d)
		}
	}
	if len(st) != 26 {
		t.Fatalf("%d domains in the overview, want the 26 pilot domains", len(st))
	}
}

// TestACatalogHoldingAPersonalNumberIsRefusedAtSubmission: the items are
// checked as articles are; a resident ID number refuses the submission
// with its item, and the version stays a draft.
func TestACatalogHoldingAPersonalNumberIsRefusedAtSubmission(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.cat.Content = content.NewChecker(w.DB.DB, nil)
	list := items(2)
	list[1].Content = "联系人身份证 11010519491231002X"
	out := w.importDraft(t, w.county, "km.wuhua", list)
	_, _, err := w.cat.Submit(w.ctx, w.county, "km.wuhua", "compulsory-education")
	if text := govmedia.ErrorMessage(govmedia.Chinese, err); !strings.Contains(text, "第 2 项") || !strings.Contains(text, "身份证号") || strings.Contains(text, "11010519491231002X") {
		t.Fatalf("got %v: %s", err, text)
	}
	if st := w.versionState(t, out.Version.ID); st != catalog.Draft {
		t.Fatalf("the refused version is %s, want a draft still", st)
	}
}
