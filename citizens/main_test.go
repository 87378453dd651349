package citizens_test

import (
	"context"
	"log/slog"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/approvals"
	"govmedia/catalog"
	"govmedia/citizens"
	"govmedia/internal/testwait"
	"govmedia/postgres"
	"govmedia/postgres/pgtest"
	"govmedia/registry"
	"govmedia/registry/registrytest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }

// world is an account of 五华区教育体育局 whose county has a current
// catalog, the citizens service answering its followers, and the people
// of the unit and of the county office.
type world struct {
	*registrytest.Env
	ctx      context.Context
	cit      *citizens.Citizens
	acct     citizens.Account
	operator *registry.Member // 五华区教育体育局
	office   *registry.Member // 五华区人民政府办公室
	outsider *registry.Member // 西山区教育体育局
	events   *eventLog
	sent     *wechatOutbox
	queue    *postgres.Queue
}

// eventLog records the events the citizens service emits.
type eventLog struct {
	mu   sync.Mutex
	list []citizens.Event
}

func (l *eventLog) kinds() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, e := range l.list {
		out = append(out, e.Kind)
	}
	return out
}

// wechatOutbox stands in for WeChat's customer-service API at the seam
// the citizens package sends through (the wechat package's client is
// tested against the WeChat stand-in over HTTP): it records what went,
// and refuses with WeChat's errcode when told to.
type wechatOutbox struct {
	mu     sync.Mutex
	sent   []string
	refuse int64
	// dieAfter: the next sends are taken by WeChat, then the sending
	// process dies before it hears so (a panic the queue recovers from).
	dieAfter int
}

type refusal struct{ code int64 }

func (r refusal) Error() string      { return "wechat message/custom/send refused" }
func (r refusal) RefusalCode() int64 { return r.code }

func (o *wechatOutbox) SendText(_ context.Context, _ int64, openid, text string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.refuse != 0 {
		return refusal{o.refuse}
	}
	o.sent = append(o.sent, openid+": "+text)
	if o.dieAfter > 0 {
		o.dieAfter--
		panic("the replica died after WeChat took the reply")
	}
	return nil
}

func (o *wechatOutbox) messages() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]string(nil), o.sent...)
}

func newWorld(t *testing.T) *world {
	t.Helper()
	env := registrytest.New(t)
	ctx := context.Background()
	engine := approvals.New(env.DB.DB, env.Registry, env.Clock.Now, approvals.Options{})
	cat := catalog.New(env.DB.DB, env.Registry, engine, env.Clock.Now)
	w := &world{Env: env, ctx: ctx, events: &eventLog{}, sent: &wechatOutbox{}}
	w.operator = env.Member(t, "km.wuhua.dept.edu", registry.Operator, "王芳")
	w.office = env.Member(t, "km.wuhua.office", registry.Reviewer, "李强")
	w.outsider = env.Member(t, "km.xishan.dept.edu", registry.Operator, "孙敏")
	w.currentCatalog(t, cat, engine)
	f := registrytest.WeChat("五华教育")
	f.OriginalID, f.AppID = "gh_000000000011", "wx0000000000000011"
	a, err := env.Registry.CreateAccount(ctx, env.DB, "km.wuhua.dept.edu", f, registry.Active, registry.Change{Actor: govmedia.Operator("t"), Action: "account.import"})
	if err != nil {
		t.Fatal(err)
	}
	w.acct = citizens.Account{ID: a.ID, AppID: a.AppID, Name: a.Name, HostOrg: a.HostOrg}
	w.cit = citizens.New(env.DB.DB, env.Registry, env.Box, cat, nil, approvals.Calendar{StepDays: 3}, env.Clock.Now,
		citizens.Options{PublicURL: "https://gk.km.gov.cn"})
	w.cit.Listen(func(_ context.Context, _ bun.Tx, ev citizens.Event) error {
		w.events.mu.Lock()
		defer w.events.mu.Unlock()
		w.events.list = append(w.events.list, ev)
		return nil
	})
	w.startQueue(t)
	return w
}

// startQueue runs the reply job on a queue of its own.
func (w *world) startQueue(t *testing.T) {
	q, err := postgres.NewQueue(w.DB)
	if err != nil {
		t.Fatal(err)
	}
	w.cit.SendReplies(q, w.sent)
	ctx, cancel := context.WithCancel(context.Background())
	if err := q.Start(ctx, w.DB, 2, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	w.queue = q
	t.Cleanup(func() {
		cancel()
		stop, done := context.WithTimeout(context.Background(), 5*time.Second)
		defer done()
		_ = q.Stop(stop)
	})
}

// currentCatalog makes the county's education catalog current.
func (w *world) currentCatalog(t *testing.T, cat *catalog.Catalog, engine *approvals.Engine) {
	t.Helper()
	county := w.Member(t, "km.wuhua.office", registry.Operator, "区政府办运营")
	guide := w.Member(t, "km.dept.jyt", registry.Guide, "市教体局指导")
	approver := w.Member(t, "km.office", registry.Approver, "市政府办审批")
	item := func(l1, l2, content string) catalog.Item {
		return catalog.Item{Level1: l1, Level2: l2, Content: content, Modes: []catalog.Mode{catalog.Proactive}, Levels: []catalog.Level{catalog.CountyLevel}}
	}
	items := []catalog.Item{item("学生资助", "低保家庭学生资助", "资助对象、标准、申请程序"), item("招生入学", "入学政策", "招生范围、条件、程序")}
	if _, err := cat.Import(w.ctx, catalog.Editor{Actor: county.Actor(), Member: county}, "km.wuhua",
		[]catalog.DomainItems{{Domain: "compulsory-education", Items: items}}, "t.xlsx"); err != nil {
		t.Fatal(err)
	}
	_, app, err := cat.Submit(w.ctx, county, "km.wuhua", "compulsory-education")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []*registry.Member{guide, approver} {
		a, _ := engine.Application(w.ctx, app.ID)
		if _, err := engine.Decide(w.ctx, d, a.PendingStep().ID, approvals.Approve, ""); err != nil {
			t.Fatal(err)
		}
	}
}

// waitFor waits, up to 10 s, for cond.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	testwait.Until(t, what, 10*time.Second, cond)
}
