package approvals_test

import (
	"context"
	"testing"
	"time"

	"govmedia"
	"govmedia/approvals"
	"govmedia/audit"
	"govmedia/registry"
	"govmedia/registry/registrytest"
)

func TestChangeApprovedAgainstAStaleVersionIsRefused(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	a := w.openApproved(t, w.cityDept, "昆明教育")
	first := a.Fields()
	first.OperatingUnit = "市教育信息中心"
	second := a.Fields()
	second.PersonInCharge = "李四"
	one, err := w.engine.SubmitChange(ctx, w.cityDept, a.ID, first)
	if err != nil {
		t.Fatal(err)
	}
	w.decide(t, w.approver, one.ID, approvals.Approve, "")
	// A second change made against version 1 after the first was applied.
	two, err := w.engine.SubmitChange(ctx, w.cityDept, a.ID, second)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.DB.NewUpdate().Model(two).Set("base_version = 1").WherePK().Exec(ctx); err != nil {
		t.Fatal(err)
	}
	_, err = w.engine.Decide(ctx, w.approver, w.pending(t, two.ID).ID, approvals.Approve, "")
	if govmedia.ErrorCode(err) != govmedia.ECONFLICT {
		t.Fatalf("approving a change against version 1 of a version 2 account: got %v, want a conflict", err)
	}
	now, _ := w.Registry.Account(ctx, a.ID)
	if now.Version != 2 || now.PersonInCharge == "李四" || now.OperatingUnit != "市教育信息中心" {
		t.Fatalf("account after the refused change: %+v; want version 2 with only the first change", now)
	}
	if app, _ := w.engine.Application(ctx, two.ID); app.State != approvals.Pending {
		t.Fatalf("the refused approval left the application %s, want it still pending", app.State)
	}
}

func TestChangeShowsTheDiffAndBumpsTheVersion(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	a := w.openApproved(t, w.countyDept, "五华教育")
	f := a.Fields()
	f.Name, f.Phone = "五华教育发布", "13900001111"
	app, err := w.engine.SubmitChange(ctx, w.countyDept, a.ID, f)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := app.Request()
	if len(req.Changes) != 2 || req.Changes[0].Field != "name" || req.Changes[1].Field != "phone" || req.Changes[1].New != "139****1111" {
		t.Fatalf("diff %+v, want name and a masked phone", req.Changes)
	}
	w.decide(t, w.reviewer, app.ID, approvals.Approve, "")
	w.decide(t, w.approver, app.ID, approvals.Approve, "")
	got, _ := w.Registry.Account(ctx, a.ID)
	phone, _ := w.Registry.Phone(got.PhoneSealed)
	if got.Name != "五华教育发布" || got.Version != 2 || phone != "13900001111" {
		t.Fatalf("after the change: %s v%d phone %s", got.Name, got.Version, phone)
	}
}

func TestCloseRunsTheNoticePeriodThenCloses(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	a := w.openApproved(t, w.cityDept, "市教体局旧号")
	if _, err := w.engine.SubmitClose(ctx, w.cityDept, a.ID, registry.Closure{NoticeDays: 30}); govmedia.ErrorCode(err) != govmedia.EINVALID {
		t.Fatalf("close without a reason: got %v, want invalid", err)
	}
	app, err := w.engine.SubmitClose(ctx, w.cityDept, a.ID, registry.Closure{Reason: "合并到新号", NoticeDays: 30})
	if err != nil {
		t.Fatal(err)
	}
	w.decide(t, w.approver, app.ID, approvals.Approve, "")
	got, _ := w.Registry.Account(ctx, a.ID)
	if got.State != registry.Closing {
		t.Fatalf("state %s after the close was approved, want closing", got.State)
	}
	w.Clock.Advance(29 * 24 * time.Hour)
	if n, _ := w.Registry.CloseDue(ctx); n != 0 {
		t.Fatalf("closed %d accounts before the notice period ended", n)
	}
	w.Clock.Advance(25 * time.Hour)
	if n, err := w.Registry.CloseDue(ctx); n != 1 || err != nil {
		t.Fatalf("closed %d accounts after the notice period (%v), want 1", n, err)
	}
	if got, _ = w.Registry.Account(ctx, a.ID); got.State != registry.Closed {
		t.Fatalf("state %s, want closed", got.State)
	}
	// The name is free again once closed.
	if _, err := w.engine.SubmitOpen(ctx, w.cityDept, registrytest.WeChat("市教体局旧号")); err != nil {
		t.Fatalf("reusing a closed account's name: %v", err)
	}
}

func TestOverdueStepsAreListedAfterThreeWorkingDays(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	// The clock starts on a Monday: three working days later is Thursday.
	app, _ := w.engine.SubmitOpen(ctx, w.countyDept, registrytest.WeChat("五华教育"))
	w.Clock.Advance(3*24*time.Hour - time.Minute)
	if late, _ := w.engine.Overdue(ctx, w.Clock.Now()); len(late) != 0 {
		t.Fatalf("%d steps overdue before the deadline", len(late))
	}
	w.Clock.Advance(2 * time.Minute)
	late, err := w.engine.Overdue(ctx, w.Clock.Now())
	if err != nil || len(late) != 1 || late[0].ApplicationID != app.ID || late[0].OfficeOrg != "km.wuhua.office" {
		t.Fatalf("overdue %+v (%v), want the district office's step", late, err)
	}
}

func TestDeadlinesSkipWeekendsAndHolidays(t *testing.T) {
	t.Parallel()
	cal := approvals.Calendar{StepDays: 3, Holidays: map[string]bool{"2026-10-01": true}, Workdays: map[string]bool{"2026-10-10": true}}
	friday := time.Date(2026, 11, 27, 16, 0, 0, 0, govmedia.ChinaTime)
	if got := cal.Due(friday).In(govmedia.ChinaTime); got.Format("2006-01-02 15:04") != "2026-12-02 16:00" {
		t.Errorf("due from Friday = %v, want Wednesday 2026-12-02 16:00", got)
	}
	beforeHoliday := time.Date(2026, 9, 30, 9, 0, 0, 0, govmedia.ChinaTime)
	if got := cal.Due(beforeHoliday).In(govmedia.ChinaTime); got.Format("2006-01-02") != "2026-10-06" {
		t.Errorf("due from 2026-09-30 = %v, want 2026-10-06 (10-01 holiday, weekend skipped)", got)
	}
}

func TestEveryStateChangeIsAuditedAndTamperingIsFound(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	w.openApproved(t, w.township, "华山发布")
	rep, err := audit.Verify(ctx, w.DB.DB)
	if err != nil || rep.Break != nil || rep.Entries < 10 {
		t.Fatalf("verify: %+v %v; want an unbroken chain of the tree, members and the application", rep, err)
	}
	if _, err := w.DB.ExecContext(ctx, "UPDATE audit_log SET actor = 'nobody'"); err == nil {
		t.Fatal("the database let an audit entry be updated")
	}
	if _, err := w.DB.ExecContext(ctx, "DELETE FROM audit_log"); err == nil {
		t.Fatal("the database let audit entries be deleted")
	}
	// A superuser can still get round the triggers; the chain shows it.
	var victim int64
	_ = w.DB.NewRaw("SELECT id FROM audit_log WHERE action = 'application.approve'").Scan(ctx, &victim)
	for _, sql := range []string{
		"ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update",
		"UPDATE audit_log SET detail = '{\"state\":\"rejected\"}' WHERE id = " + itoa(victim),
		"ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update",
	} {
		if _, err := w.DB.ExecContext(ctx, sql); err != nil {
			t.Fatal(err)
		}
	}
	rep, err = audit.Verify(ctx, w.DB.DB)
	if err != nil || rep.Break == nil || rep.Break.ID != victim {
		t.Fatalf("verify after tampering with entry %d: %+v %v", victim, rep.Break, err)
	}
}
