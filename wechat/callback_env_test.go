package wechat_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"govmedia/postgres"
	"govmedia/publish/wechattest"
	"govmedia/wechat"
)

// cbEnv is a wxEnv with a Callback served over HTTP at /wechat/{appid},
// its job queue (workers started on demand) and its counters' registry.
type cbEnv struct {
	*wxEnv
	clients *wechat.Clients
	queue   *postgres.Queue
	cb      *wechat.Callback
	srv     *httptest.Server
	metrics *prometheus.Registry
}

func newCallbackEnv(t *testing.T, opts wechattest.Options) *cbEnv {
	t.Helper()
	e := &cbEnv{wxEnv: newWxEnv(t, opts), metrics: prometheus.NewRegistry()}
	q, err := postgres.NewQueue(e.db)
	if err != nil {
		t.Fatal(err)
	}
	q.Backoff = postgres.Backoff{Base: 20 * time.Millisecond, Max: 200 * time.Millisecond}
	e.queue = q
	e.clients = wechat.NewClients(e.db.DB, e.box, nil, nil)
	e.cb, err = wechat.NewCallback(wechat.CallbackDeps{DB: e.db.DB, Clients: e.clients, Queue: q, Metrics: e.metrics})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/wechat/{appid}", e.cb)
	e.srv = httptest.NewServer(mux)
	t.Cleanup(e.srv.Close)
	return e
}

// startWorkers runs the queue's workers until the test ends.
func (e *cbEnv) startWorkers() {
	ctx, cancel := context.WithCancel(context.Background())
	if err := e.queue.Start(ctx, e.db, 4, slog.Default()); err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() {
		cancel()
		stop, done := context.WithTimeout(context.Background(), 10*time.Second)
		defer done()
		_ = e.queue.Stop(stop)
	})
}

// cbAccount is an active account with bound credentials whose callback is
// configured on the stand-in.
type cbAccount struct {
	id    int64
	creds wechat.Credentials
	spec  wxAccount // what WeChat's side knows
}

// callbackAccount adds an account named name whose callback runs in mode,
// followed by o-follower-1.
func (e *cbEnv) callbackAccount(name string, mode wxMode) cbAccount {
	e.t.Helper()
	id := e.insertAccount(name, "wechat_oa", "")
	c := newCredentials(id)
	if mode == plainMode { // a plain-mode account has no AES key set up
		c.EncodingAESKey = ""
	}
	original := fmt.Sprintf("gh_%012x", appSeq.Add(1))
	if _, err := e.db.ExecContext(e.ctx, "UPDATE accounts SET app_id = ?, original_id = ? WHERE id = ?", c.AppID, original, id); err != nil {
		e.t.Fatal(err)
	}
	if err := wechat.StoreCredentials(e.ctx, e.db, e.box, c, time.Now()); err != nil {
		e.t.Fatal(err)
	}
	standIn := map[wxMode]wechattest.SecurityMode{plainMode: wechattest.Plain, compatibleMode: wechattest.Compatible, safeMode: wechattest.Safe}
	err := e.wx.AddAccount(wechattest.Account{AppID: c.AppID, Secret: c.AppSecret, OriginalID: original, Kind: wechattest.Service, Verified: true,
		Followers: []string{"o-follower-1"},
		Callback:  wechattest.Callback{URL: e.srv.URL + "/wechat/" + c.AppID, Token: c.Token, EncodingAESKey: c.EncodingAESKey, Mode: standIn[mode]}})
	if err != nil {
		e.t.Fatal(err)
	}
	return cbAccount{id: id, creds: c, spec: wxAccount{AppID: c.AppID, Token: c.Token, EncodingAESKey: c.EncodingAESKey}}
}

// push posts msg to a's callback as WeChat does in mode, now.
func (e *cbEnv) push(a cbAccount, mode wxMode, msg string) (int, []byte) {
	q, body := specPush(a.spec, mode, []byte(msg), time.Now())
	return e.postRaw(a.creds.AppID, q, body)
}

// postRaw posts body to appID's callback with the query q.
func (e *cbEnv) postRaw(appID string, q url.Values, body []byte) (int, []byte) {
	e.t.Helper()
	resp, err := http.Post(e.srv.URL+"/wechat/"+appID+"?"+q.Encode(), "text/xml", strings.NewReader(string(body)))
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, answer
}

// counter reads a counter of the callback's registry; labels are name,
// value pairs.
func (e *cbEnv) counter(name string, labels ...string) float64 {
	e.t.Helper()
	families, err := e.metrics.Gather()
	if err != nil {
		e.t.Fatal(err)
	}
	want := map[string]string{}
	for i := 0; i+1 < len(labels); i += 2 {
		want[labels[i]] = labels[i+1]
	}
	total := 0.0
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
	metric:
		for _, m := range f.GetMetric() {
			got := map[string]string{}
			for _, l := range m.GetLabel() {
				got[l.GetName()] = l.GetValue()
			}
			for k, v := range want {
				if got[k] != v {
					continue metric
				}
			}
			total += m.GetCounter().GetValue()
		}
	}
	return total
}

// seenKeys counts the message keys remembered for an account.
func (e *cbEnv) seenKeys(accountID int64) int {
	var n int
	if err := e.db.NewRaw("SELECT count(*) FROM callback_seen WHERE account_id = ?", accountID).Scan(e.ctx, &n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

// textXML is a follower's text message as WeChat posts it.
func textXML(from string, msgID int64, content string, at time.Time) string {
	return fmt.Sprintf(`<xml><ToUserName><![CDATA[gh_spec]]></ToUserName><FromUserName><![CDATA[%s]]></FromUserName>`+
		`<CreateTime>%d</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[%s]]></Content><MsgId>%d</MsgId></xml>`,
		from, at.Unix(), content, msgID)
}

// eventXML is an event as WeChat posts it.
func eventXML(from, event, key string, at time.Time) string {
	return fmt.Sprintf(`<xml><ToUserName><![CDATA[gh_spec]]></ToUserName><FromUserName><![CDATA[%s]]></FromUserName>`+
		`<CreateTime>%d</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[%s]]></Event><EventKey><![CDATA[%s]]></EventKey></xml>`,
		from, at.Unix(), event, key)
}

var msgSeq = struct {
	sync.Mutex
	n int64
}{n: 7_000_000_000}

// nextMsgID is a MsgId no other message of the run has.
func nextMsgID() int64 {
	msgSeq.Lock()
	defer msgSeq.Unlock()
	msgSeq.n++
	return msgSeq.n
}

// recorder is a handler that keeps what it was given and answers reply.
type recorder struct {
	mu       sync.Mutex
	reply    wechat.Reply
	messages []wechat.Message
	accounts []wechat.Account
}

func (r *recorder) handler() wechat.Handler {
	return wechat.Handler{Answer: func(_ context.Context, acc wechat.Account, m *wechat.Message) (wechat.Reply, error) {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.messages, r.accounts = append(r.messages, *m), append(r.accounts, acc)
		return r.reply, nil
	}}
}

func (r *recorder) got() []wechat.Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]wechat.Message(nil), r.messages...)
}
