package wechattest

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/silenceper/wechat/v2/cache"
	"github.com/silenceper/wechat/v2/officialaccount"
	"github.com/silenceper/wechat/v2/officialaccount/config"
	"github.com/silenceper/wechat/v2/officialaccount/message"
)

const testAESKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"

// silenceperCallback serves a's callback with silenceper's own server: it
// records the messages it gets and answers with handle's reply.
func silenceperCallback(t *testing.T, a Account, handle func(*message.MixMessage) *message.Reply) (string, <-chan message.MixMessage) {
	t.Helper()
	got := make(chan message.MixMessage, 16)
	oa := officialaccount.NewOfficialAccount(&config.Config{
		AppID: a.AppID, AppSecret: a.Secret, Token: "cbtoken", EncodingAESKey: testAESKey, Cache: cache.NewMemory(),
	})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		server := oa.GetServer(r, w)
		server.SetMessageHandler(func(m *message.MixMessage) *message.Reply {
			got <- *m
			return handle(m)
		})
		if err := server.Serve(); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		_ = server.Send()
	}))
	t.Cleanup(srv.Close)
	return srv.URL, got
}

func safeMode(url string) func(*Account) {
	return func(a *Account) {
		a.Callback = Callback{URL: url, Token: "cbtoken", EncodingAESKey: testAESKey, Mode: Safe}
	}
}

func noReply(*message.MixMessage) *message.Reply { return nil }

func TestPublishJobFinishReachesSilenceperInSafeMode(t *testing.T) {
	h := newHarness(t, Options{})
	a := Account{AppID: "wxsafe", Secret: "s"}
	url, got := silenceperCallback(t, a, noReply)
	a = h.account("safe", func(x *Account) { x.Secret = "s" }, safeMode(url))
	tok := h.token(a)
	sub := h.post("/cgi-bin/freepublish/submit", tok, map[string]any{"media_id": h.draft(tok)})
	wantCode(t, "submit", sub, 0)

	m := <-got
	info := m.PublishEventInfo
	if m.Event != message.EventPublishJobFinish || info.PublishID != sub.num("publish_id") || info.PublishStatus != 0 || info.ArticleDetail.Count != 1 || info.ArticleID == "" {
		t.Fatalf("silenceper decoded %+v, want PUBLISHJOBFINISH success for %d", m, sub.num("publish_id"))
	}
	eventually(t, "the push to be logged", func() bool { return len(h.s.Pushes(a.AppID)) == 1 })
	p := h.s.Pushes(a.AppID)[0]
	if p.Err != nil || len(p.Tries) != 1 || !p.Reply.Empty {
		t.Fatalf("push %+v, want one try answered empty", p)
	}
}

func TestSendTextGetsSilenceperEncryptedReply(t *testing.T) {
	h := newHarness(t, Options{})
	a := Account{AppID: "wxchat", Secret: "s"}
	url, got := silenceperCallback(t, a, func(m *message.MixMessage) *message.Reply {
		if m.MsgType != message.MsgTypeText {
			return nil
		}
		return &message.Reply{MsgType: message.MsgTypeText, MsgData: message.NewText("收到: " + m.Content)}
	})
	a = h.account("chat", func(x *Account) { x.Secret = "s" }, safeMode(url))

	if r, err := h.s.Follow(a.AppID, "citizen1"); err != nil || !r.Empty {
		t.Fatalf("Follow = %+v, %v; want an empty reply", r, err)
	}
	if m := <-got; m.Event != message.EventSubscribe || string(m.FromUserName) != "citizen1" {
		t.Fatalf("callback got %+v, want a subscribe from citizen1", m)
	}
	r, err := h.s.SendText(a.AppID, "citizen1", "停水了吗")
	if err != nil {
		t.Fatal(err)
	}
	if !r.Encrypted || r.MsgType != "text" || r.Content != "收到: 停水了吗" || r.ToUserName != "citizen1" || r.FromUserName != "gh_chat" {
		t.Fatalf("reply %+v, want an encrypted text to citizen1 from gh_chat", r)
	}
	if m := <-got; m.MsgID == 0 || m.Content != "停水了吗" {
		t.Fatalf("callback got %+v, want the text with a MsgId", m)
	}
}

func TestVerifyCallbackAgainstSilenceper(t *testing.T) {
	h := newHarness(t, Options{})
	url, _ := silenceperCallback(t, Account{AppID: "wxv", Secret: "s"}, noReply)
	a := h.account("v", func(x *Account) { x.Secret = "s" }, safeMode(url))
	if ok, err := h.s.VerifyCallback(a.AppID); !ok || err != nil {
		t.Fatalf("VerifyCallback = %v, %v; want the echostr back", ok, err)
	}
	ok, _ := VerifyCallbackURL(t.Context(), http.DefaultClient, url, "wrong-token")
	if ok {
		t.Fatal("a callback checked with the wrong token echoed echostr")
	}
}
