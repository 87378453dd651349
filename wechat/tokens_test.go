package wechat_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/silenceper/wechat/v2/officialaccount/draft"

	"govmedia/publish/wechattest"
	"govmedia/wechat"
)

const stablePath = "/cgi-bin/stable_token"

func TestConcurrentCallersOnTwoReplicasFetchOneToken(t *testing.T) {
	e := newWxEnv(t, wechattest.Options{})
	c := e.account("官渡发布", "")
	var replicas [2]*wechat.Clients
	for i := range replicas {
		replicas[i] = wechat.NewClients(e.open(8).DB, e.box, nil, nil)
	}
	e.wx.Inject(wechattest.Fault{AppID: c.AppID, Path: stablePath, Latency: 100 * time.Millisecond})

	const perReplica = 10
	var wg sync.WaitGroup
	errs := make(chan error, 2*perReplica)
	for _, r := range replicas {
		for range perReplica {
			wg.Add(1)
			go func() {
				defer wg.Done()
				cl, err := r.For(e.ctx, c.AccountID)
				if err == nil {
					_, err = cl.UploadImage(e.ctx, "body.png", []byte("\x89PNG fake"))
				}
				errs <- err
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("upload: %v", err)
		}
	}
	if n := e.calls(c.AppID, stablePath, -2); n != 1 {
		t.Fatalf("%d concurrent callers on two replicas made %d stable_token calls, want 1", 2*perReplica, n)
	}
	if n := e.wx.Counts(c.AppID).BodyImagesUploaded; n != 2*perReplica {
		t.Fatalf("%d images uploaded, want %d", n, 2*perReplica)
	}
}

func TestExpiredTokenIsRefreshedAndTheCallRetriedOnce(t *testing.T) {
	e := newWxEnv(t, wechattest.Options{})
	c := e.account("呈贡发布", "")
	cl := e.client(c)
	cover := uploadCover(t, e, cl)

	e.wx.ExpireTokens(c.AppID) // mid-run: the cached token is now dead
	id, err := cl.AddDraft(e.ctx, []*draft.Article{article(cover)})
	if err != nil || id == "" {
		t.Fatalf("AddDraft after the token expired = %q, %v; want it refreshed and retried", id, err)
	}
	if got, want := e.calls(c.AppID, "/cgi-bin/draft/add", -2), 2; got != want {
		t.Fatalf("draft/add called %d times, want %d (42001, then success)", got, want)
	}
	if e.calls(c.AppID, "/cgi-bin/draft/add", wechattest.CodeTokenExpired) != 1 {
		t.Fatal("the first draft/add was not the one refused with 42001")
	}
	if n := e.calls(c.AppID, stablePath, -2); n != 2 {
		t.Fatalf("%d stable_token calls, want 2 (the first token, then its replacement)", n)
	}
	if e.wx.Counts(c.AppID).DraftsAdded != 1 {
		t.Fatal("the retry added more than one draft")
	}
}

func TestRejectedCurrentTokenIsForcedToRefresh(t *testing.T) {
	e := newWxEnv(t, wechattest.Options{})
	c := e.account("晋宁发布", "")
	cl := e.client(c)
	old, err := cl.AccessToken(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	remember(old)
	// WeChat calls the cached token "not latest" although stable_token in
	// normal mode still returns it: only a forced refresh helps.
	e.wx.Inject(wechattest.Fault{AppID: c.AppID, Path: "/cgi-bin/media/uploadimg", ErrCode: wechattest.CodeInvalidCredential, Times: 1})
	if _, err := cl.UploadImage(e.ctx, "a.png", []byte("\x89PNG")); err != nil {
		t.Fatalf("UploadImage after a 40001: %v", err)
	}
	now, _ := cl.AccessToken(e.ctx)
	remember(now)
	if now == old {
		t.Fatal("the rejected token is still cached")
	}
	if n := e.calls(c.AppID, stablePath, -2); n != 3 {
		t.Fatalf("%d stable_token calls, want 3 (first, normal refresh returning the same token, forced)", n)
	}
}

func TestTokenRejectedAgainIsNotRetriedTwice(t *testing.T) {
	e := newWxEnv(t, wechattest.Options{})
	c := e.account("安宁发布", "")
	cl := e.client(c)
	e.wx.Inject(wechattest.Fault{AppID: c.AppID, Path: "/cgi-bin/draft/add", ErrCode: wechattest.CodeTokenExpired})
	_, err := cl.AddDraft(e.ctx, []*draft.Article{article("x")})
	if wechat.Classify(err) != wechat.ClassToken || wechat.ErrCode(err) != 42001 {
		t.Fatalf("error %v (class %s), want a token error carrying 42001", err, wechat.Classify(err))
	}
	if n := e.calls(c.AppID, "/cgi-bin/draft/add", -2); n != 2 {
		t.Fatalf("draft/add called %d times, want exactly 2 (one retry)", n)
	}
}

func TestCachedTokensAreSealed(t *testing.T) {
	e := newWxEnv(t, wechattest.Options{})
	c := e.account("宜良发布", "")
	tok, err := e.client(c).AccessToken(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	remember(tok)
	var text string
	if err := e.db.NewRaw("SELECT coalesce(string_agg(row_to_json(c)::text, ''), '') FROM wechat_cache c").Scan(e.ctx, &text); err != nil {
		t.Fatal(err)
	}
	if text == "" || strings.Contains(text, tok) {
		t.Fatalf("wechat_cache holds %q; want the token sealed there", text)
	}
	again, _ := e.client(c).AccessToken(e.ctx)
	if again != tok || e.calls(c.AppID, stablePath, -2) != 1 {
		t.Fatal("a second client did not reuse the cached token")
	}
}

func TestCachedTokenThatNoLongerOpensIsFetchedAnew(t *testing.T) {
	e := newWxEnv(t, wechattest.Options{})
	c := e.account("石林发布", "")
	if _, err := e.client(c).AccessToken(e.ctx); err != nil {
		t.Fatal(err)
	}
	// As if sealed under a key since rotated: present, live, unreadable.
	if _, err := e.db.ExecContext(e.ctx, "UPDATE wechat_cache SET value = '\\x00ff'::bytea WHERE key NOT LIKE 'lease:%'"); err != nil {
		t.Fatal(err)
	}
	tok, err := e.client(c).AccessToken(e.ctx)
	if err != nil || tok == "" {
		t.Fatalf("token after the cached one stopped opening: %q, %v", tok, err)
	}
	if n := e.calls(c.AppID, stablePath, -2); n != 2 {
		t.Fatalf("%d stable_token calls, want 2: the unreadable token fetched anew", n)
	}
}

// A token too short-lived to cache still gives its fetcher's lease back,
// so that the next caller fetches at once rather than after the lease runs
// out.
func TestUncachableTokenGivesTheLeaseBack(t *testing.T) {
	e := newWxEnv(t, wechattest.Options{TokenTTL: 200 * time.Second}) // under the 300 s margin
	c := e.account("禄劝发布", "")
	for i := range 2 {
		start := time.Now()
		if _, err := e.client(c).AccessToken(e.ctx); err != nil {
			t.Fatal(err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Fatalf("fetch %d took %v: it waited on a lease nobody held", i+1, d)
		}
	}
	var n int
	if err := e.db.NewRaw("SELECT count(*) FROM wechat_cache").Scan(e.ctx, &n); err != nil || n != 0 {
		t.Fatalf("%d rows left in wechat_cache (%v), want none: nothing cached, no lease held", n, err)
	}
}
