package publish_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/uptrace/bun"

	"govmedia/approvals"
	"govmedia/postgres"
	"govmedia/publish"
	"govmedia/publish/wechattest"
)

// queryCounter counts the statements a bun.DB runs.
type queryCounter struct{ n *atomic.Int64 }

func (c queryCounter) BeforeQuery(ctx context.Context, _ *bun.QueryEvent) context.Context {
	c.n.Add(1)
	return ctx
}

func (queryCounter) AfterQuery(context.Context, *bun.QueryEvent) {}

// countedCallback serves a Publisher's callback over a database handle
// that counts its statements.
func countedCallback(t *testing.T, w *pubWorld) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	queries := new(atomic.Int64)
	db := w.env.DB.DB.WithQueryHook(queryCounter{queries})
	q, err := postgres.NewQueue(w.env.DB)
	if err != nil {
		t.Fatal(err)
	}
	pub := publish.NewPublisher(db, w.env.Registry, approvals.New(db, w.env.Registry, w.env.Clock.Now, approvals.Options{}),
		q, w.env.Box, w.env.Clock.Now, slog.Default(), publish.Tuning{})
	mux := http.NewServeMux()
	mux.Handle("/wechat/{appid}", pub.Callback())
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
	w := newPubWorld(t, pubOpts{noWorkers: true})
	known := w.addAccount("回调缓存测试", "km.dept.jyt", func(acc *wechattest.Account) { acc.Callback.Mode = wechattest.Plain })
	srv, queries := countedCallback(t, w)
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
	ts := fmt.Sprint(w.env.Clock.Now().Unix())
	check := fmt.Sprintf("%s/wechat/%s?timestamp=%s&nonce=n&echostr=hello&signature=%s", srv.URL, known.creds.AppID, ts,
		wechattest.Signature(known.creds.Token, ts, "n"))
	if status, body := callbackStatus(t, http.MethodGet, check); status != 200 || body != "hello" {
		t.Fatalf("the URL check of a known account: %d %q, want 200 and the echo", status, body)
	}
}

// TestCallbackAnswersGetAndPostOnly: WeChat sends GET (the URL check) and
// POST (messages); any other method is refused with 405 and Allow.
func TestCallbackAnswersGetAndPostOnly(t *testing.T) {
	w := newPubWorld(t, pubOpts{noWorkers: true})
	a := w.addAccount("方法测试", "km.dept.jyt")
	for _, m := range []string{http.MethodPut, http.MethodDelete, http.MethodPatch, http.MethodHead, http.MethodOptions} {
		req, _ := http.NewRequest(m, w.callback.URL+"/wechat/"+a.creds.AppID, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "GET, POST" {
			t.Errorf("%s: status %d, Allow %q; want 405 with Allow: GET, POST", m, resp.StatusCode, resp.Header.Get("Allow"))
		}
	}
}
