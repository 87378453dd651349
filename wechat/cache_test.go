package wechat_test

import (
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/silenceper/wechat/v2/credential"

	"govmedia"
	"govmedia/keyring"
	"govmedia/publish/wechattest"
	"govmedia/wechat"
)

// testClock is a clock that moves only when told.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func TestWeChatCacheKeepsValuesUntilTheyExpire(t *testing.T) {
	e := newWxEnv(t, wechattest.Options{})
	clock := &testClock{t: govmedia.Now()}
	cache := wechat.NewCache(e.db, e.box, clock.Now)
	other := wechat.NewCache(e.open(2), e.box, clock.Now) // another replica

	if err := cache.Set("k", "v1", time.Minute); err != nil {
		t.Fatal(err)
	}
	if got := other.Get("k"); got != "v1" || !other.IsExist("k") {
		t.Fatalf("the other replica reads %v, want v1", got)
	}
	_ = cache.Set("k", "v2", time.Minute)
	if got := other.Get("k"); got != "v2" {
		t.Fatalf("after an overwrite: %v, want v2", got)
	}
	clock.Advance(time.Minute + time.Second)
	if got := other.Get("k"); got != nil || other.IsExist("k") {
		t.Fatalf("an expired value reads %v", got)
	}
	_ = cache.Set("k", "v3", time.Minute)
	_ = other.Delete("k")
	if cache.IsExist("k") {
		t.Fatal("a deleted value is still there")
	}
	var unknown *keyring.UnknownKeyError
	if err := wechat.NewCache(e.db, newBox(t), clock.Now).Set("s", "x", time.Minute); !errors.As(err, &unknown) || cache.Get("s") != nil {
		t.Fatalf("a replica with a key not in use stored a value (%v)", err)
	}
	_, err := e.db.ExecContext(e.ctx, "INSERT INTO wechat_cache (key, value, expires_at) VALUES ('s', ?, ?)",
		newBox(t).Seal("wechat.cache:s", []byte(`"x"`)), clock.Now().Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if cache.Get("s") != nil {
		t.Fatal("a value sealed under another key reads as present")
	}
}

func TestSilenceperStableTokenSharesTheCacheAcrossInstances(t *testing.T) {
	e := newWxEnv(t, wechattest.Options{})
	c := newCredentials(0)
	_ = e.wx.AddAccount(wechattest.Account{AppID: c.AppID, Secret: c.AppSecret})
	var tokens []string
	for range 2 { // two replicas, each with silenceper's own handle
		cache := wechat.NewCache(e.open(2), e.box, nil)
		h := credential.NewStableAccessToken(c.AppID, c.AppSecret, credential.CacheKeyOfficialAccountPrefix, cache)
		tok, err := h.GetAccessToken()
		if err != nil {
			t.Fatal(err)
		}
		remember(tok)
		tokens = append(tokens, tok)
	}
	if tokens[0] != tokens[1] || e.calls(c.AppID, stablePath, -2) != 1 {
		t.Fatalf("two instances made %d stable_token calls, want 1 through the shared cache", e.calls(c.AppID, stablePath, -2))
	}
}
