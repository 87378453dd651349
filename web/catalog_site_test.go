package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"govmedia/approvals"
	"govmedia/catalog"
	"govmedia/registry"
	"govmedia/registry/registrytest"
	"govmedia/web"
)

// site is the public catalog pages over the sample tree, with the people
// who compile, review and approve the catalogs that the pages show.
type site struct {
	*registrytest.Env
	URL    string
	engine *approvals.Engine
	cat    *catalog.Catalog
	ctx    context.Context
	people map[string]*registry.Member // by role:org
}

func newSite(t *testing.T) *site {
	t.Helper()
	return newSiteWith(t, nil)
}

func newSiteWith(t *testing.T, configure func(*web.Server)) *site {
	t.Helper()
	env := registrytest.New(t)
	engine := approvals.New(env.DB.DB, env.Registry, env.Clock.Now, approvals.Options{})
	s := &site{Env: env, engine: engine, cat: catalog.New(env.DB.DB, env.Registry, engine, env.Clock.Now),
		ctx: context.Background(), people: map[string]*registry.Member{}}
	srv := web.New(env.Registry, func(ctx context.Context) error { return env.DB.PingContext(ctx) }, slog.New(slog.NewTextHandler(io.Discard, nil)))
	srv.SetCatalog(s.cat)
	if configure != nil {
		configure(srv)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	s.URL = ts.URL
	return s
}

// person is the member of org with role, bound on first use.
func (s *site) person(t *testing.T, role registry.Role, org string) *registry.Member {
	t.Helper()
	key := string(role) + ":" + org
	if s.people[key] == nil {
		s.people[key] = s.Member(t, org, role, key)
	}
	return s.people[key]
}

// publish makes items the current catalog of org for domain: imported by
// the government's operator, submitted, and approved by every step of its
// chain (the county office for a township, each guiding department, the
// city office), as catalog.Import, Submit and the engine do it.
func (s *site) publish(t *testing.T, org, domain string, items []catalog.Item) {
	t.Helper()
	gov, err := s.Registry.Org(s.ctx, org)
	if err != nil {
		t.Fatal(err)
	}
	op := s.person(t, registry.Operator, org)
	if gov.Level == registry.County {
		op = s.person(t, registry.Operator, org+".office")
	}
	if _, err := s.cat.Import(s.ctx, catalog.Editor{Actor: op.Actor(), Member: op}, org, []catalog.DomainItems{{Domain: domain, Items: items}}, "t.xlsx"); err != nil {
		t.Fatalf("import %s %s: %v", org, domain, err)
	}
	_, app, err := s.cat.Submit(s.ctx, op, org, domain)
	if err != nil {
		t.Fatalf("submit %s %s: %v", org, domain, err)
	}
	for {
		app, err = s.engine.Application(s.ctx, app.ID)
		if err != nil {
			t.Fatal(err)
		}
		step := app.PendingStep()
		if step == nil {
			break
		}
		decider := s.person(t, step.DeciderRole, step.OfficeOrg)
		if _, err := s.engine.Decide(s.ctx, decider, step.ID, approvals.Approve, ""); err != nil {
			t.Fatalf("deciding the step at %s: %v", step.OfficeOrg, err)
		}
	}
	if app.State != approvals.Approved {
		t.Fatalf("%s %s: application %s, want approved", org, domain, app.State)
	}
}

// entry is an item with every column filled in.
func entry(level1, level2, content string) catalog.Item {
	return catalog.Item{Level1: level1, Level2: level2, Content: content,
		Basis: "《社会救助暂行办法》", Deadline: "信息形成或变更之日起20个工作日内", Subject: "县级民政部门",
		Channels: []catalog.Channel{catalog.Website, catalog.NewMedia, catalog.OtherChannel}, ChannelsOther: "村务公开栏",
		Audiences: []catalog.Audience{catalog.Society}, Modes: []catalog.Mode{catalog.Proactive},
		Levels: []catalog.Level{catalog.CountyLevel, catalog.TownshipLevel}}
}

// assistance is a small 社会救助 catalog.
func assistance() []catalog.Item {
	return []catalog.Item{
		entry("最低生活保障", "低保政策", "最低生活保障的政策文件、保障标准"),
		entry("最低生活保障", "低保对象", "城乡低保对象的姓名、所在村（社区）和保障金额"),
		entry("特困人员救助供养", "供养标准", "特困人员基本生活标准和照料护理标准"),
	}
}

// education is a small 义务教育 catalog.
func education() []catalog.Item {
	return []catalog.Item{
		entry("招生入学", "入学政策", "义务教育阶段学校招生入学的政策、范围和程序"),
		entry("学生资助", "资助名单", "家庭经济困难学生资助的对象名单和资助金额"),
	}
}

// many are n items under a few first-level items, each with a longer
// content, as a large county's catalog holds them.
func many(n int) []catalog.Item {
	out := make([]catalog.Item, n)
	for i := range out {
		out[i] = entry(fmt.Sprintf("第%d类事项", i/25+1), fmt.Sprintf("事项%03d", i+1),
			strings.Repeat("申请条件、办理程序、所需材料、办理时限和结果，", 4)+fmt.Sprintf("编号%03d", i+1))
	}
	return out
}

// fetch GETs url with the headers given (name, value pairs).
func fetch(t *testing.T, url string, headers ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

// page GETs a page that must answer 200.
func (s *site) page(t *testing.T, path string) string {
	t.Helper()
	resp, body := fetch(t, s.URL+path)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d\n%.600s", path, resp.StatusCode, body)
	}
	return body
}

func mustContain(t *testing.T, what, body string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("%s does not show %q", what, w)
		}
	}
}
