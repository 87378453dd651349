package wechat_test

import (
	"strings"
	"testing"

	"govmedia"
	"govmedia/publish/wechattest"
	"govmedia/wechat"
)

// TestCustomerServiceMessagesKeepToWeChatsWindow: a customer-service
// message goes out only after the follower wrote, a few per window; each
// refusal says why in the operator's language and keeps WeChat's errcode.
func TestCustomerServiceMessagesKeepToWeChatsWindow(t *testing.T) {
	e := newWxEnv(t, wechattest.Options{})
	c := e.account("客服消息测试", "")
	cl := e.client(c)
	refused := func(what string, err error, code int64, key string) {
		t.Helper()
		if !wechat.IsRefusal(err) || wechat.ErrCode(err) != code || govmedia.ErrorCode(err) != govmedia.EFORBIDDEN ||
			govmedia.ErrorMessage(govmedia.Chinese, err) != govmedia.Print(govmedia.Chinese, key) ||
			govmedia.ErrorMessage(govmedia.English, err) != govmedia.Print(govmedia.English, key) {
			t.Fatalf("%s: %v, want WeChat's refusal %d told as %s", what, err, code, key)
		}
	}
	refused("before the follower wrote", cl.SendCustom(e.ctx, "o-citizen-1", wechat.Reply{Text: "您好"}), 45015, "wechat.custom.window_closed")
	if _, err := e.wx.SendText(c.AppID, "o-citizen-1", "请问低保怎么申请"); err != nil {
		t.Fatal(err)
	}
	news := wechat.Reply{Articles: []wechat.Article{{Title: "最低生活保障", URL: "https://gov.example.cn/a", Description: "办事指南"}, {Title: "第二张", URL: "https://gov.example.cn/b"}}}
	for i := range 5 {
		r := wechat.Reply{Text: "您好，这是第" + strings.Repeat("一", i+1) + "条回复"}
		if i == 2 {
			r = news
		}
		if err := cl.SendCustom(e.ctx, "o-citizen-1", r); err != nil {
			t.Fatalf("message %d of the window: %v", i+1, err)
		}
	}
	err := cl.SendCustom(e.ctx, "o-citizen-1", wechat.Reply{Text: "第六条"})
	refused("a sixth message", err, 45047, "wechat.custom.limit")
	if wechat.Classify(err) != wechat.ClassRate {
		t.Fatalf("45047 classified %v, want rate", wechat.Classify(err))
	}
	sent := e.wx.CustomMessages(c.AppID)
	if len(sent) != 5 || sent[0].Content != "您好，这是第一条回复" || sent[0].ToUser != "o-citizen-1" {
		t.Fatalf("the stand-in got %+v, want the five messages", sent)
	}
	if n := sent[2]; n.MsgType != "news" || len(n.News) != 1 || n.News[0].Title != "最低生活保障" || n.News[0].URL != "https://gov.example.cn/a" {
		t.Fatalf("the news went out as %+v, want its first card", n)
	}
	if err := e.wx.Unfollow(c.AppID, "o-citizen-1"); err != nil {
		t.Fatal(err)
	}
	refused("after the follower left", cl.SendCustom(e.ctx, "o-citizen-1", wechat.Reply{Text: "您好"}), 45015, "wechat.custom.window_closed")
}
