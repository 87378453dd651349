package approvals_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"govmedia"
	"govmedia/approvals"
	"govmedia/registry"
	"govmedia/registry/registrytest"
)

func TestTownshipOpenClimbsToCityAndCreatesTheAccount(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	app, err := w.engine.SubmitOpen(ctx, w.township, registrytest.WeChat("华山街道发布"))
	if err != nil {
		t.Fatal(err)
	}
	if s := w.pending(t, app.ID); s.OfficeOrg != "km.wuhua.office" {
		t.Fatalf("first step at %s, want the Wuhua district office", s.OfficeOrg)
	}
	out := w.decide(t, w.reviewer, app.ID, approvals.Approve, "")
	if out.Next == nil || out.Next.OfficeOrg != "km.office" || out.Application.State != approvals.Pending {
		t.Fatalf("after the county: next %+v, state %s; want the city office pending", out.Next, out.Application.State)
	}
	out = w.decide(t, w.approver, app.ID, approvals.Approve, "")
	if out.Application.State != approvals.Approved || out.Next != nil {
		t.Fatalf("after the city: state %s, want approved and final", out.Application.State)
	}
	a, err := w.Registry.Account(ctx, out.Application.SubjectID)
	if err != nil {
		t.Fatal(err)
	}
	if a.State != registry.Approved || a.HostOrg != "km.wuhua.huashan" || a.Version != 1 {
		t.Fatalf("account %+v, want approved, hosted by the township, version 1", a)
	}
	hist, _ := w.Registry.History(ctx, a.ID)
	if len(hist) != 1 || hist[0].ApplicationID != app.ID || !strings.Contains(hist[0].ApprovedBy, w.approver.DisplayName) {
		t.Fatalf("history %+v, want one entry naming the application and the approver", hist)
	}
}

func TestTwoApproversAtOnceMakeExactlyOneDecision(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	app, err := w.engine.SubmitOpen(ctx, w.cityDept, registrytest.WeChat("昆明教育发布"))
	if err != nil {
		t.Fatal(err)
	}
	step := w.pending(t, app.ID)
	deciders := []*registry.Member{w.approver, w.approver2}
	const tries = 16
	var wins sync.WaitGroup
	var mu sync.Mutex
	won, lost := 0, 0
	wins.Add(tries)
	for i := range tries {
		go func() {
			defer wins.Done()
			verdict := approvals.Approve
			if i%3 == 0 {
				verdict = approvals.Reject
			}
			_, err := w.engine.Decide(ctx, deciders[i%2], step.ID, verdict, "重复")
			mu.Lock()
			defer mu.Unlock()
			switch govmedia.ErrorCode(err) {
			case "":
				won++
			case govmedia.ECONFLICT:
				lost++
				if !strings.Contains(err.Error(), "already decided by") {
					t.Errorf("loser told %q, want who decided", err)
				}
			default:
				t.Errorf("unexpected error: %v", err)
			}
		}()
	}
	wins.Wait()
	if won != 1 || lost != tries-1 {
		t.Fatalf("%d decisions and %d conflicts, want exactly 1 and %d", won, lost, tries-1)
	}
	var accounts int
	_ = w.DB.NewRaw("SELECT count(*) FROM accounts").Scan(ctx, &accounts)
	var entries int
	_ = w.DB.NewRaw("SELECT count(*) FROM audit_log WHERE subject_kind = 'application' AND subject_id = ?", fmt.Sprint(app.ID)).Scan(ctx, &entries)
	if accounts > 1 || entries != 2 {
		t.Fatalf("%d accounts and %d audit entries for the application, want at most 1 and exactly 2 (submit, decision)", accounts, entries)
	}
}

func TestNobodyDecidesTheirOwnApplication(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	app, err := w.engine.SubmitOpen(ctx, w.approver, registrytest.WeChat("市政府办公室"))
	if err != nil {
		t.Fatal(err)
	}
	step := w.pending(t, app.ID)
	if _, err := w.engine.Decide(ctx, w.approver, step.ID, approvals.Approve, ""); govmedia.ErrorCode(err) != govmedia.EFORBIDDEN {
		t.Fatalf("self-approval: got %v, want forbidden", err)
	}
	if out := w.decide(t, w.approver2, app.ID, approvals.Approve, ""); out.Application.State != approvals.Approved {
		t.Fatalf("a colleague's approval left the application %s", out.Application.State)
	}
}

func TestOnlyTheStepsOfficeAndRoleDecide(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	app, _ := w.engine.SubmitOpen(ctx, w.countyDept, registrytest.WeChat("五华教育"))
	step := w.pending(t, app.ID)
	xishan := w.Member(t, "km.xishan.office", registry.Reviewer, "西山审核")
	operator := w.Member(t, "km.wuhua.office", registry.Operator, "区政府办运营")
	// Who may not see the application is told no more than that the step
	// is not there; who may see it, that it is not theirs to decide.
	for _, m := range []*registry.Member{xishan, w.cityDept} {
		if _, err := w.engine.Decide(ctx, m, step.ID, approvals.Approve, ""); govmedia.ErrorCode(err) != govmedia.ENOTFOUND {
			t.Errorf("%s deciding the district's step: got %v, want not found", m.DisplayName, err)
		}
	}
	if _, err := w.engine.Decide(ctx, operator, step.ID, approvals.Approve, ""); govmedia.ErrorCode(err) != govmedia.EFORBIDDEN {
		t.Errorf("%s deciding the district's step: got %v, want forbidden", operator.DisplayName, err)
	}
	w.decide(t, w.reviewer, app.ID, approvals.Approve, "")
	city := w.pending(t, app.ID)
	if _, err := w.engine.Decide(ctx, w.reviewer, city.ID, approvals.Approve, ""); govmedia.ErrorCode(err) != govmedia.EFORBIDDEN {
		t.Errorf("a county reviewer deciding the city's step: got %v, want forbidden", err)
	}
}

func TestReturnAndResubmitRestartsAtTheReturningStep(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	app, _ := w.engine.SubmitOpen(ctx, w.township, registrytest.WeChat("华山街道"))
	w.decide(t, w.reviewer, app.ID, approvals.Approve, "")
	if _, err := w.engine.Decide(ctx, w.approver, w.pending(t, app.ID).ID, approvals.Return, ""); govmedia.ErrorCode(err) != govmedia.EINVALID {
		t.Fatalf("return without a reason: got %v, want invalid", err)
	}
	out := w.decide(t, w.approver, app.ID, approvals.Return, "名称请加上“五华区”")
	if out.Application.State != approvals.Returned {
		t.Fatalf("state %s after return, want returned", out.Application.State)
	}
	f := registrytest.WeChat("五华区华山街道")
	app2, err := w.engine.ResubmitAccount(ctx, w.township, app.ID, approvals.Revision{Fields: &f})
	if err != nil {
		t.Fatalf("resubmit: %v", err)
	}
	if s := w.pending(t, app2.ID); s.OfficeOrg != "km.office" || app2.Round != 2 {
		t.Fatalf("resubmitted round %d pending at %s, want round 2 at the city office", app2.Round, s.OfficeOrg)
	}
	out = w.decide(t, w.approver, app.ID, approvals.Approve, "")
	a, _ := w.Registry.Account(ctx, out.Application.SubjectID)
	if a == nil || a.Name != "五华区华山街道" {
		t.Fatalf("account after resubmission %+v, want the edited name", a)
	}
}

func TestRejectIsFinalAndWithdrawAfterFinalIsRefused(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	app, _ := w.engine.SubmitOpen(ctx, w.cityDept, registrytest.WeChat("重复的号"))
	if _, err := w.engine.Decide(ctx, w.approver, w.pending(t, app.ID).ID, approvals.Reject, ""); govmedia.ErrorCode(err) != govmedia.EINVALID {
		t.Fatalf("reject without reason: got %v, want invalid", err)
	}
	step := w.pending(t, app.ID)
	w.decide(t, w.approver, app.ID, approvals.Reject, "与现有账号重复")
	if _, err := w.engine.Withdraw(ctx, w.cityDept, app.ID); govmedia.ErrorCode(err) != govmedia.ECONFLICT {
		t.Fatalf("withdraw after rejection: got %v, want conflict", err)
	}
	if _, err := w.engine.Decide(ctx, w.approver2, step.ID, approvals.Approve, ""); govmedia.ErrorCode(err) != govmedia.ECONFLICT {
		t.Fatalf("approving a rejected application: got %v, want conflict", err)
	}
	other, _ := w.engine.SubmitOpen(ctx, w.cityDept, registrytest.WeChat("另一个号"))
	otherStep := w.pending(t, other.ID)
	if _, err := w.engine.Withdraw(ctx, w.approver, other.ID); govmedia.ErrorCode(err) != govmedia.EFORBIDDEN {
		t.Fatalf("withdrawing someone else's application: got %v, want forbidden", err)
	}
	if _, err := w.engine.Withdraw(ctx, w.cityDept, other.ID); err != nil {
		t.Fatalf("withdraw while pending: %v", err)
	}
	_, err := w.engine.Decide(ctx, w.approver, otherStep.ID, approvals.Approve, "")
	if govmedia.ErrorCode(err) != govmedia.ECONFLICT || !strings.Contains(err.Error(), "withdrawn") {
		t.Fatalf("deciding a withdrawn application: got %v, want a conflict saying it was withdrawn", err)
	}
}
