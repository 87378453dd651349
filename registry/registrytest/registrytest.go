// Package registrytest builds registries for tests: a fresh database with
// the sample Kunming tree, a movable clock, and members bound by invites.
package registrytest

import (
	"context"
	"sync"
	"testing"
	"time"

	"govmedia"
	"govmedia/postgres"
	"govmedia/postgres/pgtest"
	"govmedia/registry"
)

// Clock is a test clock that moves only when told, or, once Run is
// called, also with real time.
type Clock struct {
	mu      sync.Mutex
	now     time.Time
	started time.Time // when Run was called; zero while stopped
}

// NewClock starts a clock at a fixed Monday morning, China time.
func NewClock() *Clock {
	return &Clock{now: time.Date(2026, 11, 23, 9, 0, 0, 0, govmedia.ChinaTime).UTC()}
}

// Now tells the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.started.IsZero() {
		return c.now.Add(time.Since(c.started)).Truncate(time.Microsecond)
	}
	return c.now
}

// Run lets the clock move with real time from now on (Advance still jumps
// it), for tests where waiting and retrying take real time.
func (c *Clock) Run() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.started = time.Now()
}

// Advance moves the clock on.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// Env is a registry on its own database.
type Env struct {
	URL      string // the database's connection string
	Key      string // the secret key, base64
	DB       *postgres.DB
	Registry *registry.Registry
	Clock    *Clock
	Box      *govmedia.SecretBox
	next     int64
}

// New returns a registry on a fresh database holding the sample tree.
func New(t testing.TB) *Env {
	t.Helper()
	return NewWithPool(t, 40)
}

// NewWithPool is New with a pool of conns connections.
func NewWithPool(t testing.TB, conns int32) *Env {
	t.Helper()
	url := pgtest.NewDatabaseURL(t)
	db, err := postgres.Open(context.Background(), url, conns)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	keyText := govmedia.NewSecretKey()
	key, _ := govmedia.ParseSecretKey(keyText)
	box, err := govmedia.NewSecretBox(key)
	if err != nil {
		t.Fatal(err)
	}
	clock := NewClock()
	env := &Env{URL: url, Key: keyText, DB: db, Registry: registry.New(db.DB, box, clock.Now), Clock: clock, Box: box, next: 1000}
	if _, err := env.Registry.ImportSampleOrgs(context.Background(), govmedia.Operator("test")); err != nil {
		t.Fatalf("importing the sample tree: %v", err)
	}
	return env
}

// Member binds a new Telegram user to org with role through an invite.
func (e *Env) Member(t testing.TB, org string, role registry.Role, name string) *registry.Member {
	t.Helper()
	ctx := context.Background()
	code, _, err := e.Registry.CreateInvite(ctx, govmedia.Operator("test"), org, role, registry.DefaultInviteTTL)
	if err != nil {
		t.Fatalf("invite for %s %s: %v", org, role, err)
	}
	e.next++
	m, err := e.Registry.RedeemInvite(ctx, code, registry.TelegramUser{ID: e.next, DisplayName: name, LanguageCode: "zh-hans"})
	if err != nil {
		t.Fatalf("redeeming the invite for %s: %v", name, err)
	}
	return m
}

// WeChat returns valid fields for a new WeChat subscription account.
func WeChat(name string) registry.Fields {
	return registry.Fields{Platform: registry.WeChatOA, WeChatKind: registry.Subscription, Name: name,
		OperatingUnit: "运营中心", PersonInCharge: "张三", Phone: "13812345678", Domains: []string{"compulsory-education"}}
}
