package catalog_test

import (
	"context"
	"fmt"
	"os"
	"testing"

	"govmedia"
	"govmedia/approvals"
	"govmedia/catalog"
	"govmedia/postgres/pgtest"
	"govmedia/registry"
	"govmedia/registry/registrytest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }

// world is the catalogs of the sample tree, with the people who compile,
// review and approve them.
type world struct {
	*registrytest.Env
	engine   *approvals.Engine
	cat      *catalog.Catalog
	ctx      context.Context
	township *registry.Member // operator, 五华区华山街道办事处
	county   *registry.Member // operator, 五华区人民政府办公室 (compiles the county's catalogs)
	reviewer *registry.Member // reviewer, 五华区人民政府办公室
	guide    *registry.Member // guide, 昆明市教育体育局 (义务教育)
	approver *registry.Member // approver, 昆明市人民政府办公室
	outsider *registry.Member // operator, 西山区教育体育局
}

func newWorld(t *testing.T) *world {
	t.Helper()
	env := registrytest.New(t)
	engine := approvals.New(env.DB.DB, env.Registry, env.Clock.Now, approvals.Options{})
	w := &world{Env: env, engine: engine, cat: catalog.New(env.DB.DB, env.Registry, engine, env.Clock.Now), ctx: context.Background()}
	w.township = env.Member(t, "km.wuhua.huashan", registry.Operator, "华山街道运营")
	w.county = env.Member(t, "km.wuhua.office", registry.Operator, "五华区政府办运营")
	w.reviewer = env.Member(t, "km.wuhua.office", registry.Reviewer, "五华区政府办审核")
	w.guide = env.Member(t, "km.dept.jyt", registry.Guide, "市教体局指导")
	w.approver = env.Member(t, "km.office", registry.Approver, "市政府办审批")
	w.outsider = env.Member(t, "km.xishan.dept.edu", registry.Operator, "西山教育运营")
	return w
}

// item makes an item named name, with every column filled in.
func item(level1, level2 string, levels ...catalog.Level) catalog.Item {
	if len(levels) == 0 {
		levels = []catalog.Level{catalog.CountyLevel, catalog.TownshipLevel}
	}
	return catalog.Item{Level1: level1, Level2: level2, Content: level2 + "的名称、条件、程序和结果",
		Basis: "《中华人民共和国义务教育法》", Deadline: "信息形成或变更之日起20个工作日内", Subject: "县级教育部门",
		Channels: []catalog.Channel{catalog.Website, catalog.NewMedia}, Audiences: []catalog.Audience{catalog.Society},
		Modes: []catalog.Mode{catalog.Proactive}, Levels: levels}
}

// items are n items of the compulsory-education domain.
func items(n int) []catalog.Item {
	out := make([]catalog.Item, n)
	for i := range n {
		out[i] = item("招生入学", fmt.Sprintf("第%d项", i+1))
	}
	return out
}

func (w *world) edit(m *registry.Member) catalog.Editor {
	if m == nil {
		return catalog.Editor{Actor: govmedia.Operator("test")}
	}
	return catalog.Editor{Actor: m.Actor(), Member: m}
}

// importDraft imports items as org's draft for compulsory education.
func (w *world) importDraft(t *testing.T, m *registry.Member, org string, list []catalog.Item) catalog.Outcome {
	t.Helper()
	out, err := w.cat.Import(w.ctx, w.edit(m), org, []catalog.DomainItems{{Domain: "compulsory-education", Items: list}}, "test.xlsx")
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	return out[0]
}

// approve decides every step of an application: each by one who may.
func (w *world) approve(t *testing.T, appID int64, deciders ...*registry.Member) {
	t.Helper()
	for _, d := range deciders {
		app, err := w.engine.Application(w.ctx, appID)
		if err != nil {
			t.Fatal(err)
		}
		step := app.PendingStep()
		if step == nil {
			t.Fatalf("application %d (%s) waits on no step; %s cannot decide", appID, app.State, d.DisplayName)
		}
		if _, err := w.engine.Decide(w.ctx, d, step.ID, approvals.Approve, ""); err != nil {
			t.Fatalf("%s deciding the step at %s: %v", d.DisplayName, step.OfficeOrg, err)
		}
	}
}
