package wechat_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"govmedia/postgres"
	"govmedia/publish/wechattest"
	"govmedia/wechat"
)

// refusal is a request the callback must refuse: its query and body, the
// status and the counted reason.
type refusal struct {
	appID  string
	query  url.Values
	body   string
	status int
	reason string
}

// refusals are the requests an attacker, a confused proxy or a wrong
// configuration sends; each is signed correctly but for what it breaks.
func refusals(plain, safe cbAccount) map[string]refusal {
	now := time.Now()
	good := textXML("o-citizen", 42, "社保", now)
	signed := func(a cbAccount, mode wxMode, msg string) (url.Values, string) {
		q, body := specPush(a.spec, mode, []byte(msg), now)
		return q, string(body)
	}
	r := map[string]refusal{}
	add := func(name string, a cbAccount, q url.Values, body string, status int, reason string) {
		r[name] = refusal{appID: a.creds.AppID, query: q, body: body, status: status, reason: reason}
	}
	q, body := signed(plain, plainMode, good)
	q.Del("signature")
	add("no signature", plain, q, body, 403, "bad_signature")
	q, body = signed(plain, plainMode, good)
	q.Set("signature", "deadbeef"+q.Get("signature")[8:])
	add("bad signature", plain, q, body, 403, "bad_signature")
	q, raw := specPush(plain.spec, plainMode, []byte(good), now.Add(-6*time.Minute))
	add("stale timestamp", plain, q, string(raw), 403, "stale_timestamp")
	q, raw = specPush(plain.spec, plainMode, []byte(good), now.Add(6*time.Minute))
	add("timestamp from the future", plain, q, string(raw), 403, "stale_timestamp")
	q, body = signed(safe, plainMode, good)
	add("plain push to an account with an AES key", safe, q, body, 403, "plain_refused")
	q, body = signed(safe, safeMode, good)
	q.Set("msg_signature", strings.Repeat("0", 40))
	add("bad msg_signature", safe, q, body, 403, "bad_signature")
	other := safe
	other.spec.AppID = "wx00000000000000ff" // sealed for another account, signed with this one's token
	q, body = signed(other, safeMode, good)
	add("sealed for another AppID", safe, q, body, 403, "bad_encryption")
	q, body = signed(plain, plainMode, "<xml><MsgType>text</Msg")
	add("malformed XML", plain, q, body, 400, "malformed")
	q, body = signed(plain, plainMode, "hello")
	add("not XML", plain, q, body, 400, "malformed")
	q, body = signed(plain, plainMode, good+"<xml></xml>")
	add("two roots", plain, q, body, 400, "malformed")
	doctype := `<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]>` + good
	q, body = signed(plain, plainMode, doctype)
	add("DOCTYPE", plain, q, body, 400, "doctype")
	q, body = signed(safe, safeMode, doctype)
	add("DOCTYPE inside the encrypted message", safe, q, body, 400, "doctype")
	q, body = signed(plain, plainMode, strings.Replace(good, "<![CDATA[社保]]>", "&x;", 1))
	add("an undeclared entity", plain, q, body, 400, "malformed")
	q, body = signed(plain, plainMode, strings.Replace(good, "</xml>", "<a><b><c><d><e><f><g><h><i></i></h></g></f></e></d></c></b></a></xml>", 1))
	add("nested too deep", plain, q, body, 400, "malformed")
	q, body = signed(plain, plainMode, strings.Replace(good, "社保", strings.Repeat("社", wechat.MaxBody/3+1), 1))
	add("oversized", plain, q, body, 413, "oversized")
	q, body = signed(plain, plainMode, good)
	r["unknown AppID"] = refusal{appID: "wx00000000deadbeef", query: q, body: body, status: 404, reason: "unknown_account"}
	r["malformed AppID"] = refusal{appID: "not-an-appid", query: q, body: body, status: 404, reason: "unknown_account"}
	return r
}

// TestCallbackRefusesBadRequestsWithoutSideEffects: each bad request gets
// its status and no content, is counted under its reason, and reaches no
// handler and no table.
func TestCallbackRefusesBadRequestsWithoutSideEffects(t *testing.T) {
	e := newCallbackEnv(t, wechattest.Options{})
	rec := &recorder{reply: wechat.Reply{Text: "不该出现"}}
	e.cb.Handle("text", rec.handler())
	plain, safe := e.callbackAccount("明文账号", plainMode), e.callbackAccount("加密账号", safeMode)
	for name, r := range refusals(plain, safe) {
		before := e.counter("govmedia_wechat_callback_refused_total", "reason", r.reason)
		status, answer := e.postRaw(r.appID, r.query, []byte(r.body))
		if status != r.status || len(answer) != 0 {
			t.Errorf("%s: answered %d %q, want %d and no content", name, status, answer, r.status)
		}
		if n := e.counter("govmedia_wechat_callback_refused_total", "reason", r.reason) - before; n != 1 {
			t.Errorf("%s: counted %v times under %q, want once", name, n, r.reason)
		}
	}
	if got := rec.got(); len(got) != 0 || e.seenKeys(plain.id)+e.seenKeys(safe.id) != 0 {
		t.Fatalf("refused requests reached the handler (%d) or were remembered (%d)", len(got), e.seenKeys(plain.id)+e.seenKeys(safe.id))
	}
	status, answer := e.push(plain, plainMode, textXML("o-citizen", 42, "社保", time.Now()))
	if status != 200 || !strings.Contains(string(answer), "不该出现") {
		t.Fatalf("the good message after the refusals: %d %q", status, answer)
	}
}

// TestAnOversizedBodyIsRefusedUnread: a body over the limit is refused on
// its Content-Length, and one sent without a length when it passes the
// limit.
func TestAnOversizedBodyIsRefusedUnread(t *testing.T) {
	e := newCallbackEnv(t, wechattest.Options{})
	a := e.callbackAccount("大包测试", plainMode)
	q, _ := specPush(a.spec, plainMode, nil, time.Now())
	for name, withLength := range map[string]bool{"with a length": true, "chunked": false} {
		body := io.Reader(strings.NewReader(strings.Repeat("x", 10<<20)))
		if !withLength {
			body = io.MultiReader(body) // hides the length: sent chunked
		}
		resp, err := http.Post(e.srv.URL+"/wechat/"+a.creds.AppID+"?"+q.Encode(), "text/xml", body)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("%s: status %d, want 413", name, resp.StatusCode)
		}
	}
}

// queryCounter counts the statements a bun.DB runs.
type queryCounter struct{ n *atomic.Int64 }

func (c queryCounter) BeforeQuery(ctx context.Context, _ *bun.QueryEvent) context.Context {
	c.n.Add(1)
	return ctx
}

func (queryCounter) AfterQuery(context.Context, *bun.QueryEvent) {}

// countedCallback serves a callback over a database handle that counts its
// statements.
func countedCallback(t *testing.T, e *cbEnv) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	queries := new(atomic.Int64)
	db := e.db.DB.WithQueryHook(queryCounter{queries})
	q, err := postgres.NewQueue(e.db)
	if err != nil {
		t.Fatal(err)
	}
	cb, err := wechat.NewCallback(wechat.CallbackDeps{DB: db, Clients: wechat.NewClients(db, e.box, nil, nil), Queue: q})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/wechat/{appid}", cb)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, queries
}

func callbackStatus(t *testing.T, method, url string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader("<xml></xml>"))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// TestUnknownAppIDCostsNoQueryAfterTheFirst: callbacks for an AppID no
// active account has cost one database read, then none for a while; a
// malformed AppID costs none at all; a known account still answers.
func TestUnknownAppIDCostsNoQueryAfterTheFirst(t *testing.T) {
	e := newCallbackEnv(t, wechattest.Options{})
	known := e.callbackAccount("回调缓存测试", plainMode)
	srv, queries := countedCallback(t, e)
	unknown := srv.URL + "/wechat/wx00000000deadbeef?timestamp=1&nonce=n"
	if status, _ := callbackStatus(t, http.MethodPost, unknown); status != http.StatusNotFound {
		t.Fatalf("unknown AppID: status %d, want 404", status)
	}
	first := queries.Load()
	if first == 0 {
		t.Fatalf("the first callback for an unknown AppID read nothing: the counter is broken")
	}
	for range 20 {
		if status, _ := callbackStatus(t, http.MethodPost, unknown); status != http.StatusNotFound {
			t.Fatalf("unknown AppID again: status %d, want 404", status)
		}
		if status, _ := callbackStatus(t, http.MethodGet, srv.URL+"/wechat/not-an-appid"); status != http.StatusNotFound {
			t.Fatalf("malformed AppID: status %d, want 404", status)
		}
	}
	if n := queries.Load() - first; n != 0 {
		t.Fatalf("40 more callbacks for unknown and malformed AppIDs ran %d queries, want none", n)
	}
	ts := fmt.Sprint(time.Now().Unix())
	check := fmt.Sprintf("%s/wechat/%s?timestamp=%s&nonce=n&echostr=hello&signature=%s", srv.URL, known.creds.AppID, ts,
		specSignature(known.creds.Token, ts, "n"))
	if status, body := callbackStatus(t, http.MethodGet, check); status != 200 || body != "hello" {
		t.Fatalf("the URL check of a known account: %d %q, want 200 and the echo", status, body)
	}
	bad := strings.Replace(check, "signature=", "signature=0", 1)
	if status, body := callbackStatus(t, http.MethodGet, bad); status != http.StatusForbidden || body != "" {
		t.Fatalf("a URL check with a bad signature: %d %q, want 403 and no echo", status, body)
	}
}

// TestCallbackAnswersGetAndPostOnly: WeChat sends GET (the URL check) and
// POST (messages); any other method is refused with 405 and Allow.
func TestCallbackAnswersGetAndPostOnly(t *testing.T) {
	e := newCallbackEnv(t, wechattest.Options{})
	a := e.callbackAccount("方法测试", safeMode)
	for _, m := range []string{http.MethodPut, http.MethodDelete, http.MethodPatch, http.MethodHead, http.MethodOptions} {
		req, _ := http.NewRequest(m, e.srv.URL+"/wechat/"+a.creds.AppID, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "GET, POST" {
			t.Errorf("%s: status %d, Allow %q; want 405 with Allow: GET, POST", m, resp.StatusCode, resp.Header.Get("Allow"))
		}
	}
	if n := e.counter("govmedia_wechat_callback_refused_total", "reason", "method"); n != 5 {
		t.Fatalf("%v refusals of a method counted, want 5", n)
	}
}
