package wechattest

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/sirupsen/logrus"
)

func TestMain(m *testing.M) {
	// silenceper logs every callback message at debug level; keep it quiet.
	logrus.SetLevel(logrus.WarnLevel)
	os.Exit(m.Run())
}

// fakeClock is a settable clock for token expiry and quota periods.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// harness drives a started stand-in over plain HTTP.
type harness struct {
	t      *testing.T
	s      *Server
	base   string
	clock  *fakeClock
	client *http.Client
}

// newHarness starts a stand-in with short delays and a fake clock set to
// noon, Beijing time.
func newHarness(t *testing.T, opts Options) *harness {
	t.Helper()
	clock := &fakeClock{t: time.Date(2025, 3, 10, 12, 0, 0, 0, beijing)}
	if opts.Now == nil {
		opts.Now = clock.Now
	}
	opts.PublishDelay = orDuration(opts.PublishDelay, 5*time.Millisecond)
	opts.MassSendDelay = orDuration(opts.MassSendDelay, 5*time.Millisecond)
	opts.CallbackTimeout = orDuration(opts.CallbackTimeout, 2*time.Second)
	s := New(opts)
	h := &harness{t: t, s: s, clock: clock, client: &http.Client{Timeout: 5 * time.Second}}
	h.base = s.Start(t)
	return h
}

// account registers a verified service account named wx<name>.
func (h *harness) account(name string, edit ...func(*Account)) Account {
	h.t.Helper()
	a := Account{AppID: "wx" + name, Secret: "secret-" + name, Kind: Service, Verified: true}
	for _, f := range edit {
		f(&a)
	}
	if err := h.s.AddAccount(a); err != nil {
		h.t.Fatal(err)
	}
	return a
}

// result is a decoded JSON answer.
type result map[string]any

func (r result) code() int { n, _ := r["errcode"].(float64); return int(n) }

func (r result) str(k string) string { s, _ := r[k].(string); return s }

func (r result) num(k string) int64 { n, _ := r[k].(float64); return int64(n) }

func (h *harness) do(req *http.Request) result {
	h.t.Helper()
	resp, err := h.client.Do(req)
	if err != nil {
		h.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var r result
	if err := json.Unmarshal(body, &r); err != nil {
		h.t.Fatalf("%s %s answered %d %q, not JSON", req.Method, req.URL.Path, resp.StatusCode, body)
	}
	return r
}

func (h *harness) get(path string, q url.Values) result {
	h.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, h.base+path+"?"+q.Encode(), nil)
	return h.do(req)
}

func (h *harness) post(path, token string, body any) result {
	h.t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, h.base+path+"?access_token="+url.QueryEscape(token), bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	return h.do(req)
}

// token fetches a token with /cgi-bin/token.
func (h *harness) token(a Account) string {
	h.t.Helper()
	r := h.get("/cgi-bin/token", url.Values{"grant_type": {"client_credential"}, "appid": {a.AppID}, "secret": {a.Secret}})
	if r.code() != 0 || r.str("access_token") == "" {
		h.t.Fatalf("token for %s: %v", a.AppID, r)
	}
	return r.str("access_token")
}

// upload posts a multipart "media" file of size bytes.
func (h *harness) upload(path, token, mediaType, filename string, size int) result {
	h.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("media", filename)
	_, _ = fw.Write(bytes.Repeat([]byte{0xff}, size))
	_ = mw.Close()
	q := url.Values{"access_token": {token}}
	if mediaType != "" {
		q.Set("type", mediaType)
	}
	req, _ := http.NewRequest(http.MethodPost, h.base+path+"?"+q.Encode(), &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return h.do(req)
}

// cover uploads a permanent thumb and returns its media_id.
func (h *harness) cover(token string) string {
	h.t.Helper()
	r := h.upload("/cgi-bin/material/add_material", token, "thumb", "cover.jpg", 1000)
	if r.code() != 0 {
		h.t.Fatalf("cover upload: %v", r)
	}
	return r.str("media_id")
}

// draft adds a one-article draft and returns its media_id.
func (h *harness) draft(token string) string {
	h.t.Helper()
	r := h.post("/cgi-bin/draft/add", token, map[string]any{"articles": []Article{{
		Title: "通知", Content: "<p>城市公告</p>", ThumbMediaID: h.cover(token),
	}}})
	if r.code() != 0 || r.str("media_id") == "" {
		h.t.Fatalf("draft/add: %v", r)
	}
	return r.str("media_id")
}

// wantCode fails unless r carries errcode want.
func wantCode(t *testing.T, what string, r result, want int) {
	t.Helper()
	if r.code() != want {
		t.Fatalf("%s: errcode %d (%v), want %d", what, r.code(), r["errmsg"], want)
	}
}

// eventually polls cond for up to two seconds.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}
