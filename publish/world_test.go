package publish_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"govmedia"
	"govmedia/approvals"
	"govmedia/postgres"
	"govmedia/publish"
	"govmedia/publish/wechattest"
	"govmedia/registry"
	"govmedia/registry/registrytest"
	"govmedia/wechat"
)

// pubWorld is the publishing pipeline end to end: the sample tree, the
// engine, the queue's workers, a Publisher, WeChat accounts on the
// stand-in whose callbacks reach the Publisher.
type pubWorld struct {
	t         *testing.T
	ctx       context.Context
	env       *registrytest.Env
	engine    *approvals.Engine
	queue     *postgres.Queue
	pub       *publish.Publisher
	wx        *wechattest.Server
	callback  *httptest.Server
	operator  *registry.Member // 昆明市人民政府办公室, operator
	approver  *registry.Member // 昆明市人民政府办公室, approver
	stopQueue context.CancelFunc
	accounts  []acct
}

type acct struct {
	id    int64
	creds wechat.Credentials
}

type pubOpts struct {
	wx        wechattest.Options
	tuning    publish.Tuning // zero: a fast pace for tests
	conns     int32
	workers   int
	noWorkers bool
}

func newPubWorld(t *testing.T, opts pubOpts) *pubWorld {
	t.Helper()
	env := registrytest.NewWithPool(t, max(opts.conns, 40))
	env.Clock.Run()
	env.Clock.Advance(time.Since(env.Clock.Now())) // real time: WeChat's URL check stamps requests with it
	w := &pubWorld{t: t, ctx: context.Background(), env: env,
		engine: approvals.New(env.DB.DB, env.Registry, env.Clock.Now, approvals.Options{})}
	if opts.wx.PublishDelay == 0 {
		opts.wx.PublishDelay = 20 * time.Millisecond
	}
	if opts.wx.MassSendDelay == 0 {
		opts.wx.MassSendDelay = 20 * time.Millisecond
	}
	if opts.wx.Now == nil {
		opts.wx.Now = env.Clock.Now
	}
	w.wx = wechattest.New(opts.wx)
	configure(t, w.wx.Start(t), 5*time.Second)
	q, err := postgres.NewQueue(env.DB)
	if err != nil {
		t.Fatal(err)
	}
	q.Backoff = postgres.Backoff{Base: 20 * time.Millisecond, Max: 500 * time.Millisecond}
	w.queue = q
	if opts.tuning == (publish.Tuning{}) {
		opts.tuning = publish.Tuning{PollEvery: 50 * time.Millisecond, SubmitGrace: 300 * time.Millisecond, SweepEvery: 300 * time.Millisecond}
	}
	w.pub = publish.NewPublisher(env.DB.DB, env.Registry, w.engine, q, env.Box, env.Clock.Now, slog.Default(), opts.tuning)
	cb, err := wechat.NewCallback(wechat.CallbackDeps{DB: env.DB.DB, Clients: w.pub.WeChat(), Queue: q, Now: env.Clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	w.pub.AnswerJobEvents(cb)
	mux := http.NewServeMux()
	mux.Handle("/wechat/{appid}", cb)
	w.callback = httptest.NewServer(mux)
	t.Cleanup(w.callback.Close)
	w.operator = env.Member(t, "km.office", registry.Operator, "市政府办运营")
	w.approver = env.Member(t, "km.office", registry.Approver, "市政府办审批")
	if !opts.noWorkers {
		w.startWorkers(max(opts.workers, 8))
	}
	return w
}

// startWorkers runs the queue's workers until the test ends or stopWorkers.
func (w *pubWorld) startWorkers(n int) {
	ctx, cancel := context.WithCancel(context.Background())
	if err := w.queue.Start(ctx, w.env.DB, n, slog.Default()); err != nil {
		w.t.Fatal(err)
	}
	w.stopQueue = func() {
		cancel()
		stop, done := context.WithTimeout(context.Background(), 10*time.Second)
		defer done()
		_ = w.queue.Stop(stop)
	}
	w.t.Cleanup(w.stopWorkers)
}

func (w *pubWorld) stopWorkers() {
	if w.stopQueue != nil {
		w.stopQueue()
		w.stopQueue = nil
	}
}

// addAccounts makes n active WeChat accounts of org with bound
// credentials, registered on the stand-in with their callbacks.
func (w *pubWorld) addAccounts(n int, org string, edit ...func(*wechattest.Account)) []acct {
	w.t.Helper()
	var out []acct
	for i := range n {
		name := fmt.Sprintf("%s号%04d", org, len(w.accounts)+i)
		out = append(out, w.addAccount(name, org, edit...))
	}
	w.accounts = append(w.accounts, out...)
	return out
}

func (w *pubWorld) addAccount(name, org string, edit ...func(*wechattest.Account)) acct {
	f := registrytest.WeChat(name)
	c := newCredentials(0)
	f.OriginalID, f.AppID, f.SecondAccountReason = fmt.Sprintf("gh_%012x", appSeq.Add(1)), c.AppID, "测试"
	a, err := w.env.Registry.CreateAccount(w.ctx, w.env.DB, org, f, registry.Active, registry.Change{Actor: govmedia.Operator("test"), Action: "account.import"})
	if err != nil {
		w.t.Fatal(err)
	}
	c.AccountID = a.ID
	wa := wechattest.Account{AppID: c.AppID, Secret: c.AppSecret, Kind: wechattest.Service, Verified: true,
		Callback:  wechattest.Callback{URL: w.callback.URL + "/wechat/" + c.AppID, Token: c.Token, EncodingAESKey: c.EncodingAESKey, Mode: wechattest.Safe},
		Followers: []string{"o-follower-1"}}
	for _, e := range edit {
		e(&wa)
	}
	if wa.Callback.Mode == wechattest.Plain { // a plain-mode account has no AES key set up
		c.EncodingAESKey, wa.Callback.EncodingAESKey = "", ""
	}
	if err := wechat.StoreCredentials(w.ctx, w.env.DB, w.env.Box, c, govmedia.Now()); err != nil {
		w.t.Fatal(err)
	}
	if err := w.wx.AddAccount(wa); err != nil {
		w.t.Fatal(err)
	}
	return acct{id: a.ID, creds: c}
}

// approve submits a notice to every account below org and approves it.
func (w *pubWorld) publishNotice(mode publish.Mode, org string) *publish.Publication {
	w.t.Helper()
	p, app, err := w.pub.Submit(w.ctx, w.operator, publish.Draft{Mode: mode, Targets: publish.Targets{Org: org, Descendants: true},
		Articles: []publish.DraftArticle{{Title: "关于做好冬季安全生产工作的通知", Body: "<p>各单位：</p><p>请做好冬季安全生产。</p><img src=\"data:image/jpeg;base64," + jpegB64 + "\">", Cover: testJPEG()}}})
	if err != nil {
		w.t.Fatalf("submitting: %v", err)
	}
	if _, err := w.engine.Decide(w.ctx, w.approver, app.PendingStep().ID, approvals.Approve, ""); err != nil {
		w.t.Fatalf("approving: %v", err)
	}
	return p
}

// waitDone waits until every delivery of the publication is over.
func (w *pubWorld) waitDone(pubID int64, within time.Duration) publish.Progress {
	w.t.Helper()
	deadline := time.Now().Add(within)
	for {
		// The publication's own state, one row: counting its deliveries
		// every few milliseconds would load the server under test.
		var state publish.PublicationState
		if err := w.env.DB.NewSelect().Table("publications").Column("state").Where("id = ?", pubID).Scan(w.ctx, &state); err != nil {
			w.t.Fatal(err)
		}
		if state == publish.Done {
			pr, err := w.pub.Progress(w.ctx, pubID)
			if err != nil || pr.Pending > 0 || pr.Total == 0 {
				w.t.Fatalf("publication %d is done with progress %+v (%v)", pubID, pr, err)
			}
			return pr
		}
		if time.Now().After(deadline) {
			pr, _ := w.pub.Progress(w.ctx, pubID)
			list, _ := w.pub.Deliveries(w.ctx, pubID)
			for _, d := range list {
				if !d.State.Final() {
					w.t.Logf("delivery %d: %s attempts %d draft %q publish %d msg %d error %d %q", d.ID, d.State, d.Attempts, d.DraftMediaID, d.PublishID, d.MsgID, d.ErrorCode, d.Error)
				}
			}
			var jobs []string
			_ = w.env.DB.NewRaw("SELECT state||' '||attempt||' '||scheduled_at::text||' '||coalesce(errors[array_length(errors,1)]::text,'') FROM river_job WHERE kind = 'publish.delivery' AND state <> 'completed'").Scan(w.ctx, &jobs)
			w.t.Logf("jobs: %v", jobs)
			w.t.Fatalf("deliveries not done after %v: %+v", within, pr)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitUntil waits, up to 30 s, for cond to hold.
func (w *pubWorld) waitUntil(what string, cond func() bool) {
	w.t.Helper()
	for deadline := time.Now().Add(30 * time.Second); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			w.t.Fatalf("waited 30 s for %s", what)
		}
	}
}

// testJPEG is a small real JPEG cover.
func testJPEG() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 90, 40))
	for x := range 90 {
		for y := range 40 {
			img.Set(x, y, color.RGBA{R: uint8(x * 2), G: 40, B: uint8(y * 5), A: 255})
		}
	}
	var buf bytes.Buffer
	_ = jpeg.Encode(&buf, img, nil)
	return buf.Bytes()
}

var jpegB64 = encodeB64(testJPEG())

func encodeB64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

// configure points silenceper at base with timeout, and back at the real
// API (no rewrite) when the test ends.
func configure(t *testing.T, base string, timeout time.Duration) {
	t.Helper()
	if err := wechat.Configure(base, timeout); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = wechat.Configure("", 0) })
}

var appSeq atomic.Int64

// newCredentials makes well-formed random credentials for accountID,
// remembered as secrets of the run.
func newCredentials(accountID int64) wechat.Credentials {
	c := wechat.Credentials{
		AccountID:      accountID,
		AppID:          fmt.Sprintf("wx%016x", 0xa0000000+appSeq.Add(1)),
		AppSecret:      randomHex(16),
		Token:          "tok" + randomHex(8),
		EncodingAESKey: strings.TrimRight(base64.StdEncoding.EncodeToString(randomBytes(32)), "="),
	}
	remember(c.AppSecret, c.Token, c.EncodingAESKey)
	return c
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return b
}

func randomHex(n int) string { return hex.EncodeToString(randomBytes(n)) }
