package approvals_test

import (
	"context"
	"os"
	"strconv"
	"testing"

	"govmedia/approvals"
	"govmedia/postgres/pgtest"
	"govmedia/registry"
	"govmedia/registry/registrytest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }

// world is a registry with the sample tree, an engine, and the people of
// the Wuhua district and the city office.
type world struct {
	*registrytest.Env
	engine     *approvals.Engine
	township   *registry.Member // operator, 五华区华山街道办事处
	countyDept *registry.Member // operator, 五华区教育体育局
	cityDept   *registry.Member // operator, 昆明市教育体育局
	reviewer   *registry.Member // reviewer, 五华区人民政府办公室
	approver   *registry.Member // approver, 昆明市人民政府办公室
	approver2  *registry.Member // another approver of the city office
}

func newWorld(t *testing.T) *world {
	t.Helper()
	env := registrytest.New(t)
	w := &world{Env: env, engine: approvals.New(env.DB.DB, env.Registry, env.Clock.Now, approvals.Options{})}
	w.township = env.Member(t, "km.wuhua.huashan", registry.Operator, "华山街道运营")
	w.countyDept = env.Member(t, "km.wuhua.dept.edu", registry.Operator, "五华教育运营")
	w.cityDept = env.Member(t, "km.dept.jyt", registry.Operator, "市教体局运营")
	w.reviewer = env.Member(t, "km.wuhua.office", registry.Reviewer, "五华区政府办审核")
	w.approver = env.Member(t, "km.office", registry.Approver, "市政府办审批")
	w.approver2 = env.Member(t, "km.office", registry.Approver, "市政府办审批二")
	return w
}

// pending returns the id of the step an application waits on.
func (w *world) pending(t *testing.T, id int64) *approvals.Step {
	t.Helper()
	app, err := w.engine.Application(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	s := app.PendingStep()
	if s == nil {
		t.Fatalf("application %d (%s) has no pending step", id, app.State)
	}
	return s
}

func (w *world) decide(t *testing.T, m *registry.Member, id int64, v approvals.Verdict, reason string) *approvals.Outcome {
	t.Helper()
	out, err := w.engine.Decide(context.Background(), m, w.pending(t, id).ID, v, reason)
	if err != nil {
		t.Fatalf("%s deciding %s on application %d: %v", m.DisplayName, v, id, err)
	}
	return out
}

// openApproved takes an open application for name through its chain.
func (w *world) openApproved(t *testing.T, applicant *registry.Member, name string) *registry.Account {
	t.Helper()
	app, err := w.engine.SubmitOpen(context.Background(), applicant, registrytest.WeChat(name))
	if err != nil {
		t.Fatalf("submitting %s: %v", name, err)
	}
	for app.State == approvals.Pending {
		step := w.pending(t, app.ID)
		decider := w.reviewer
		if step.OfficeOrg == "km.office" {
			decider = w.approver
		}
		app = w.decide(t, decider, app.ID, approvals.Approve, "").Application
	}
	a, err := w.Registry.Account(context.Background(), app.SubjectID)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
