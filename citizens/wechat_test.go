package citizens_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/approvals"
	"govmedia/catalog"
	"govmedia/citizens"
	"govmedia/internal/secretscan"
	"govmedia/postgres"
	"govmedia/publish/wechattest"
	"govmedia/wechat"
)

// wired is the world with WeChat itself: the stand-in pushes a citizen's
// follow and messages to the account's callback over HTTP, in safe mode,
// and the replies go out as customer-service messages through the wechat
// package's client.
type wired struct {
	*world
	wx      *wechattest.Server
	creds   wechat.Credentials
	clients *wechat.Clients
	logs    *logBuffer
	scan    *secretscan.Scan
}

// newWired builds the wired world; each of before runs with its queue
// before the queue starts.
func newWired(t *testing.T, before ...func(w *wired, q *postgres.Queue)) *wired {
	t.Helper()
	w := &wired{world: newWorld(t), logs: &logBuffer{}, scan: secretscan.New(t)}
	stop, done := context.WithTimeout(context.Background(), 5*time.Second)
	defer done()
	if err := w.queue.Stop(stop); err != nil { // its replies go to the world's outbox, these to WeChat
		t.Fatal(err)
	}
	w.wx = wechattest.New(wechattest.Options{Now: w.Clock.Now})
	if err := wechat.Configure(w.wx.Start(t), 3*time.Second); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = wechat.Configure("", 0) })
	clients := wechat.NewClients(w.DB.DB, w.Box, w.Clock.Now, nil)
	q, err := postgres.NewQueue(w.DB)
	if err != nil {
		t.Fatal(err)
	}
	cb, err := wechat.NewCallback(wechat.CallbackDeps{DB: w.DB.DB, Clients: clients, Queue: q, Now: w.Clock.Now, Log: w.logs.logger()})
	if err != nil {
		t.Fatal(err)
	}
	w.cit = citizens.New(w.DB.DB, w.Registry, w.Box, w.cat(t), nil, approvals.Calendar{StepDays: 3}, w.Clock.Now, citizens.Options{PublicURL: "https://gk.km.gov.cn"})
	w.cit.Listen(func(_ context.Context, _ bun.Tx, ev citizens.Event) error {
		w.events.mu.Lock()
		defer w.events.mu.Unlock()
		w.events.list = append(w.events.list, ev)
		return nil
	})
	w.cit.Answer(cb)
	w.cit.SendReplies(q, citizens.WeChatSender(clients))
	w.clients = clients
	for _, f := range before {
		f(w, q)
	}
	w.runQueue(t, q)
	mux := http.NewServeMux()
	mux.Handle("/wechat/{appid}", cb)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	w.creds = wechat.Credentials{AccountID: w.acct.ID, AppID: w.acct.AppID, AppSecret: "0123456789abcdef0123456789abcdef",
		Token: "citizenstoken", EncodingAESKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"}
	if err := wechat.StoreCredentials(w.ctx, w.DB, w.Box, w.creds, w.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	err = w.wx.AddAccount(wechattest.Account{AppID: w.creds.AppID, Secret: w.creds.AppSecret, OriginalID: "gh_000000000011",
		Kind: wechattest.Subscription, Verified: true, Callback: wechattest.Callback{URL: srv.URL + "/wechat/" + w.creds.AppID,
			Token: w.creds.Token, EncodingAESKey: w.creds.EncodingAESKey, Mode: wechattest.Safe}})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// cat is a catalog service on the world's database (the world's own
// current catalog is already there).
func (w *wired) cat(t *testing.T) *catalog.Catalog {
	engine := approvals.New(w.DB.DB, w.Registry, w.Clock.Now, approvals.Options{})
	return catalog.New(w.DB.DB, w.Registry, engine, w.Clock.Now)
}

func (w *wired) runQueue(t *testing.T, q *postgres.Queue) {
	ctx, cancel := context.WithCancel(context.Background())
	if err := q.Start(ctx, w.DB, 2, w.logs.logger()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		stop, done := context.WithTimeout(context.Background(), 5*time.Second)
		defer done()
		_ = q.Stop(stop)
	})
}

// TestACitizenIsAnsweredThroughWeChat: over WeChat's own wire, a follower
// is welcomed, a search is answered from the catalog, a question the
// catalog cannot answer reaches the unit, the operator's reply reaches the
// citizen as a customer-service message; past the 48 hours the operator
// is told why no reply can go; an unfollow forgets the citizen.
func TestACitizenIsAnsweredThroughWeChat(t *testing.T) {
	w := newWired(t)
	const citizen = "oWiredCitizen000000000000001"
	w.scanOutputs(w.scan, []string{citizen}, []string{"学校门口的路灯坏了谁来修"})
	reply, err := w.wx.Follow(w.creds.AppID, citizen)
	if err != nil || !reply.Encrypted || !strings.Contains(reply.Content, "欢迎关注“五华教育”") {
		t.Fatalf("the welcome: %+v %v", reply, err)
	}
	if reply, err = w.wx.SendText(w.creds.AppID, citizen, "低保"); err != nil || !strings.Contains(reply.Content, "低保家庭学生资助") ||
		!strings.Contains(reply.Content, "https://gk.km.gov.cn/catalogs/km.wuhua/compulsory-education") {
		t.Fatalf("the search: %q %v", reply.Content, err)
	}
	if reply, err = w.wx.SendText(w.creds.AppID, citizen, "人工：学校门口的路灯坏了谁来修"); err != nil || !strings.Contains(reply.Content, "五华区教育体育局") {
		t.Fatalf("the question: %q %v", reply.Content, err)
	}
	asked := w.events.list[len(w.events.list)-1]
	if asked.Kind != "asked" {
		t.Fatalf("events %v, want the question asked", w.events.kinds())
	}
	if _, err := w.cit.Reply(w.ctx, w.operator, asked.Question.ID, "您好，已转城管部门，三日内修复。"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the reply on WeChat", func() bool {
		sent := w.wx.CustomMessages(w.creds.AppID)
		return len(sent) == 1 && sent[0].ToUser == citizen && sent[0].Content == "您好，已转城管部门，三日内修复。"
	})
	waitFor(t, "the reply recorded as sent", func() bool { return slices.Contains(w.events.kinds(), "sent") })
	w.Clock.Advance(49 * time.Hour)
	_, err = w.cit.Reply(w.ctx, w.operator, asked.Question.ID, "补充说明")
	if govmedia.ErrorCode(err) != govmedia.ECONFLICT || !strings.Contains(govmedia.ErrorMessage(govmedia.Chinese, err), "48 小时") {
		t.Fatalf("a reply past the window: %v", err)
	}
	if err := w.wx.Unfollow(w.creds.AppID, citizen); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the citizen forgotten", func() bool {
		n, _ := w.DB.NewSelect().Table("citizen_followers").Where("account_id = ?", w.acct.ID).Count(w.ctx)
		return n == 0
	})
	if q, err := w.cit.QuestionFor(w.ctx, w.operator, asked.Question.ID); err == nil && q.FollowerID != 0 {
		t.Fatalf("the question still names its citizen: %+v", q)
	}
}
