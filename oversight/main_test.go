package oversight_test

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
	"govmedia/oversight"
	"govmedia/postgres"
	"govmedia/postgres/pgtest"
	"govmedia/registry"
	"govmedia/registry/registrytest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }

// world is the sample tree with the services the oversight reads, on a
// clock the test moves, and a record of what the oversight tells whom.
type world struct {
	*registrytest.Env
	ctx     context.Context
	engine  *approvals.Engine
	cat     *catalog.Catalog
	cit     *citizens.Citizens
	over    *oversight.Oversight
	told    *toldLog
	members map[string]*registry.Member
}

// toldLog records the oversight's events.
type toldLog struct {
	mu   sync.Mutex
	list []oversight.Event
}

func (l *toldLog) take() []oversight.Event {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := l.list
	l.list = nil
	return out
}

func newWorld(t *testing.T) *world {
	t.Helper()
	env := registrytest.New(t)
	w := &world{Env: env, ctx: context.Background(), told: &toldLog{}, members: map[string]*registry.Member{}}
	w.engine = approvals.New(env.DB.DB, env.Registry, env.Clock.Now, approvals.Options{})
	w.cat = catalog.New(env.DB.DB, env.Registry, w.engine, env.Clock.Now)
	cal := approvals.Calendar{StepDays: 3}
	w.cit = citizens.New(env.DB.DB, env.Registry, env.Box, w.cat, nil, cal, env.Clock.Now, citizens.Options{PublicURL: "https://gk.km.gov.cn"})
	w.over = oversight.New(env.DB.DB, env.Registry, w.cat, w.cit, cal, env.Clock.Now)
	w.over.Listen(func(_ context.Context, _ bun.Tx, ev oversight.Event) error {
		w.told.mu.Lock()
		defer w.told.mu.Unlock()
		w.told.list = append(w.told.list, ev)
		return nil
	})
	return w
}

// member is the one member of org with role (bound on first use).
func (w *world) member(t *testing.T, org string, role registry.Role) *registry.Member {
	t.Helper()
	key := org + "/" + string(role)
	if m := w.members[key]; m != nil {
		return m
	}
	m := w.Member(t, org, role, org+"的"+string(role))
	w.members[key] = m
	return m
}

// at moves the clock on to a moment, China time ("2026-12-10 09:00").
func (w *world) at(t *testing.T, when string) time.Time {
	t.Helper()
	to, err := time.ParseInLocation("2006-01-02 15:04", when, govmedia.ChinaTime)
	if err != nil {
		t.Fatal(err)
	}
	d := to.Sub(w.Clock.Now())
	if d < 0 {
		t.Fatalf("the clock is past %s already", when)
	}
	w.Clock.Advance(d)
	return w.Clock.Now()
}

// check runs the oversight's checks and returns what they told.
func (w *world) check(t *testing.T) []oversight.Event {
	t.Helper()
	if err := w.over.Check(w.ctx); err != nil {
		t.Fatalf("checking at %s: %v", govmedia.FormatTime(w.Clock.Now()), err)
	}
	return w.told.take()
}

// account imports an active account of org, created now.
func (w *world) account(t *testing.T, org string, f registry.Fields) *registry.Account {
	t.Helper()
	a, err := w.Registry.CreateAccount(w.ctx, w.DB, org, f, registry.Active, registry.Change{Actor: govmedia.Operator("t"), Action: "account.import"})
	if err != nil {
		t.Fatalf("importing %s: %v", f.Name, err)
	}
	return a
}

// other is an account on a platform the service does not publish to.
func other(p registry.Platform, name string) registry.Fields {
	f := registrytest.WeChat(name)
	f.Platform, f.WeChatKind = p, ""
	return f
}

// decideAll takes an application through its chain, each step decided
// by a member of its office with its role after wait on the clock: all
// approved, or the first one rejected.
func (w *world) decideAll(t *testing.T, app *approvals.Application, wait time.Duration, reject bool) *approvals.Application {
	t.Helper()
	for app.State == approvals.Pending {
		step := app.PendingStep()
		w.Clock.Advance(wait)
		v, reason := approvals.Approve, ""
		if reject {
			v, reason = approvals.Reject, "材料不全"
		}
		out, err := w.engine.Decide(w.ctx, w.member(t, step.OfficeOrg, step.DeciderRole), step.ID, v, reason)
		if err != nil {
			t.Fatalf("deciding step %d of application %d: %v", step.Position, app.ID, err)
		}
		if app = out.Application; len(app.Steps) == 0 {
			if app, err = w.engine.Application(w.ctx, app.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	return app
}

// startReplies runs the citizens' reply job, sending into sent.
func (w *world) startReplies(t *testing.T, sent *outbox) {
	t.Helper()
	q, err := postgres.NewQueue(w.DB)
	if err != nil {
		t.Fatal(err)
	}
	w.cit.SendReplies(q, sent)
	ctx, cancel := context.WithCancel(context.Background())
	if err := q.Start(ctx, w.DB, 2, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		stop, done := context.WithTimeout(context.Background(), 5*time.Second)
		defer done()
		_ = q.Stop(stop)
	})
}

// outbox stands in for WeChat's customer-service messages at the seam the
// citizens package sends through (tested over HTTP in its own package).
type outbox struct {
	mu   sync.Mutex
	sent int
}

func (o *outbox) SendText(context.Context, int64, string, string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.sent++
	return nil
}

func (o *outbox) count() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.sent
}

// waitFor waits, up to 10 s, for cond.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	testwait.Until(t, what, 10*time.Second, cond)
}

// kinds lists the events' kinds with whom they went to.
func kinds(evs []oversight.Event) []string {
	out := make([]string, len(evs))
	for i, e := range evs {
		out[i] = e.Kind + "→" + e.Org
	}
	return out
}

// only keeps the events of a kind.
func only(kind string, evs []oversight.Event) []oversight.Event {
	var out []oversight.Event
	for _, e := range evs {
		if e.Kind == kind {
			out = append(out, e)
		}
	}
	return out
}

// citizenAccount is an account as the citizens service hears of it.
func citizenAccount(a *registry.Account) citizens.Account {
	return citizens.Account{ID: a.ID, AppID: a.AppID, Name: a.Name, HostOrg: a.HostOrg}
}
