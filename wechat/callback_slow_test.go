package wechat_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"govmedia"
	"govmedia/internal/secretscan"
	"govmedia/publish/wechattest"
	"govmedia/wechat"
)

// slowHandler answers with "人工回复：" and the message's text once released.
type slowHandler struct {
	release     chan struct{}
	calls       atomic.Int32
	undelivered chan error
}

func newSlowHandler() *slowHandler {
	return &slowHandler{release: make(chan struct{}), undelivered: make(chan error, 1)}
}

func (h *slowHandler) handler() wechat.Handler {
	return wechat.Handler{Slow: true,
		Answer: func(ctx context.Context, _ wechat.Account, m *wechat.Message) (wechat.Reply, error) {
			h.calls.Add(1)
			select {
			case <-h.release:
			case <-ctx.Done():
				return wechat.Reply{}, ctx.Err()
			}
			return wechat.Reply{Text: "人工回复：" + m.Content}, nil
		},
		Undelivered: func(_ context.Context, _ wechat.Account, _ *wechat.Message, err error) { h.undelivered <- err },
	}
}

// jobs counts the slow-reply jobs in state ("" for any).
func (e *cbEnv) jobs(state string) int {
	var n int
	err := e.db.NewRaw("SELECT count(*) FROM river_job WHERE kind = 'wechat.reply' AND (? = '' OR state::text = ?)", state, state).Scan(e.ctx, &n)
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

// TestASlowHandlerIsAnsweredSuccessAndRepliesByCustomerServiceMessage: the
// callback answers "success" while the handler is still at work, WeChat's
// retry of the message starts no second job, and the reply reaches the
// follower as one customer-service message.
func TestASlowHandlerIsAnsweredSuccessAndRepliesByCustomerServiceMessage(t *testing.T) {
	e := newCallbackEnv(t, wechattest.Options{})
	h := newSlowHandler()
	e.cb.Handle("text", h.handler())
	a := e.callbackAccount("慢处理测试", safeMode)
	e.startWorkers()
	reply, err := e.wx.SendText(a.creds.AppID, "o-follower-1", "我要咨询")
	if err != nil || !reply.Empty {
		t.Fatalf("a slow handler's message was answered %+v (%v), want success while it works", reply, err)
	}
	first := e.wx.Pushes(a.creds.AppID)[0]
	if status, answer := e.push(a, safeMode, string(first.Body)); status != 200 || string(answer) != "success" {
		t.Fatalf("WeChat's retry: %d %q", status, answer)
	}
	close(h.release)
	eventually(t, "the reply job to complete", func() bool { return e.jobs("completed") == 1 })
	sent := e.wx.CustomMessages(a.creds.AppID)
	if len(sent) != 1 || sent[0].ToUser != "o-follower-1" || sent[0].MsgType != "text" || sent[0].Content != "人工回复：我要咨询" {
		t.Fatalf("customer-service messages %+v, want the one reply to the follower", sent)
	}
	if e.jobs("") != 1 || h.calls.Load() != 1 {
		t.Fatalf("%d jobs, the handler ran %d times; want one of each", e.jobs(""), h.calls.Load())
	}
	for _, row := range secretscan.Database(e.db)() { // the finished job is kept a while: sealed
		if strings.Contains(row, "o-follower-1") || strings.Contains(row, "我要咨询") {
			t.Fatalf("the follower's openid or message lies plain at rest: %s", row)
		}
	}
	if e.counter("govmedia_wechat_customer_messages_total", "outcome", "sent") != 1 ||
		e.counter("govmedia_wechat_callback_messages_total", "kind", "text", "outcome", "later") != 1 {
		t.Fatal("the slow reply is not counted")
	}
}

// TestASlowReplyWeChatRefusesIsToldToItsHandler: when the follower's
// 48-hour window closed before the reply was ready, WeChat's 45015 reaches
// the handler's Undelivered as a clear error, and the reply is not tried
// again.
func TestASlowReplyWeChatRefusesIsToldToItsHandler(t *testing.T) {
	clock := &testClock{t: time.Now()}
	e := newCallbackEnv(t, wechattest.Options{Now: clock.Now})
	h := newSlowHandler()
	e.cb.Handle("text", h.handler())
	a := e.callbackAccount("窗口关闭测试", safeMode)
	e.startWorkers()
	if _, err := e.wx.SendText(a.creds.AppID, "o-follower-1", "请回电话"); err != nil {
		t.Fatal(err)
	}
	clock.Advance(49 * time.Hour)
	close(h.release)
	var err error
	select {
	case err = <-h.undelivered:
	case <-time.After(20 * time.Second):
		t.Fatal("the handler never heard that its reply was refused")
	}
	if !wechat.IsRefusal(err) || wechat.ErrCode(err) != 45015 ||
		govmedia.ErrorMessage(govmedia.Chinese, err) != govmedia.Print(govmedia.Chinese, "wechat.custom.window_closed") {
		t.Fatalf("the handler heard %v, want the closed window in the operator's words", err)
	}
	eventually(t, "the reply job to end", func() bool { return e.jobs("cancelled") == 1 })
	if n := e.calls(a.creds.AppID, "/cgi-bin/message/custom/send", 45015); n != 1 || len(e.wx.CustomMessages(a.creds.AppID)) != 0 {
		t.Fatalf("WeChat refused the reply %d times, want once and no retry", n)
	}
	if e.counter("govmedia_wechat_customer_messages_total", "outcome", "refused") != 1 {
		t.Fatal("the refusal is not counted")
	}
}
