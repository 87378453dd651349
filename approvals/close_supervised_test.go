package approvals_test

import (
	"context"
	"testing"

	"govmedia"
	"govmedia/registry"
)

// TestAnOfficeAppliesToCloseAnAccountOfAUnitUnderIt: the county office
// and the city office may apply to close a township's account, each up
// its own chain (to the city office); another county's office is told it does not exist, an
// operator is refused, a second application while one is open conflicts.
func TestAnOfficeAppliesToCloseAnAccountOfAUnitUnderIt(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	a := w.openApproved(t, w.township, "华山发布")
	cl := registry.Closure{Reason: "连续90天未更新", NoticeDays: 30}
	other := w.Member(t, "km.xishan.office", registry.Reviewer, "西山区政府办审核")
	for _, c := range []struct {
		who  *registry.Member
		code string
	}{{other, govmedia.ENOTFOUND}, {w.countyDept, govmedia.EFORBIDDEN}, {w.township, govmedia.EFORBIDDEN}} {
		if _, err := w.engine.SubmitCloseSupervised(ctx, c.who, a.ID, cl); govmedia.ErrorCode(err) != c.code {
			t.Fatalf("%s applying: %v, want %s", c.who.DisplayName, err, c.code)
		}
	}
	app, err := w.engine.SubmitCloseSupervised(ctx, w.reviewer, a.ID, cl)
	if err != nil {
		t.Fatal(err)
	}
	if s := app.PendingStep(); app.ApplicantOrg != "km.wuhua.office" || s == nil || s.OfficeOrg != "km.office" || len(app.CurrentSteps()) != 1 {
		t.Fatalf("want the county office's application on its own chain, to the city office, got %+v", app)
	}
	if _, err := w.engine.SubmitCloseSupervised(ctx, w.approver, a.ID, cl); govmedia.ErrorCode(err) != govmedia.ECONFLICT {
		t.Fatalf("a second application while one is open: %v, want ECONFLICT", err)
	}
	if _, err := w.engine.Withdraw(ctx, w.reviewer, app.ID); err != nil {
		t.Fatal(err)
	}
	city, err := w.engine.SubmitCloseSupervised(ctx, w.approver, a.ID, cl)
	if err != nil {
		t.Fatal(err)
	}
	if s := city.PendingStep(); s == nil || s.OfficeOrg != "km.office" || len(city.CurrentSteps()) != 1 {
		t.Fatalf("want the city office's application at the city office alone, got %+v", city)
	}
}
