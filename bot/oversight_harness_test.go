package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"govmedia"
	"govmedia/approvals"
	"govmedia/catalog"
	"govmedia/oversight"
	"govmedia/registry"
	"govmedia/registry/registrytest"
)

// oversightWorld is the world with the city office's supervision in chat.
type oversightWorld struct {
	*world
	over *oversight.Oversight
}

func newOversightWorld(t *testing.T) *oversightWorld {
	t.Helper()
	env := registrytest.New(t)
	engine := approvals.New(env.DB.DB, env.Registry, env.Clock.Now, approvals.Options{})
	cat := catalog.New(env.DB.DB, env.Registry, engine, env.Clock.Now)
	over := oversight.New(env.DB.DB, env.Registry, cat, nil, approvals.Calendar{StepDays: 3}, env.Clock.Now)
	w := newWorldOn(t, env, engine, nil, worldOpts{catalog: cat, oversight: over})
	return &oversightWorld{world: w, over: over}
}

// started has each person write to the bot first: a bot writes only to
// those who started a chat with it.
func (w *oversightWorld) started(people ...person) {
	w.t.Helper()
	for _, p := range people {
		w.say(p, "/help")
		w.expect(p.id, p.member.Org.Name)
	}
}

// weiboAccount makes an active account of org on Weibo, a platform the
// service does not publish to.
func (w *oversightWorld) weiboAccount(org, name string) *registry.Account {
	w.t.Helper()
	f := registrytest.WeChat(name)
	f.Platform, f.WeChatKind = registry.Weibo, ""
	a, err := w.env.Registry.CreateAccount(context.Background(), w.env.DB, org, f, registry.Active,
		registry.Change{Actor: govmedia.Operator("test"), Action: "account.import"})
	if err != nil {
		w.t.Fatal(err)
	}
	return a
}

// checkAt moves the clock to at and runs the day's checks twice (a second
// run, or another replica's, tells no one again), then waits for what they
// queued to be sent.
func (w *oversightWorld) checkAt(at time.Time) {
	w.t.Helper()
	w.env.Clock.Advance(at.Sub(w.env.Clock.Now()))
	for range 2 {
		if err := w.over.Check(context.Background()); err != nil {
			w.t.Fatal(err)
		}
	}
	waitIdle(w.t, w.env.DB)
}

// containsAny reports whether s holds one of subs.
func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
