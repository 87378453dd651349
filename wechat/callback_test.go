package wechat_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"govmedia/publish/wechattest"
	"govmedia/wechat"
)

// TestCallbackSpeaksWeChatsCryptoInEveryMode: in plain, compatible and safe
// mode, WeChat's URL check passes, and a message signed (and encrypted) by
// the tests' own implementation of WeChat's crypto reaches its handler,
// whose reply that implementation verifies and decrypts.
func TestCallbackSpeaksWeChatsCryptoInEveryMode(t *testing.T) {
	e := newCallbackEnv(t, wechattest.Options{})
	rec := &recorder{reply: wechat.Reply{Text: "您好，已收到"}}
	e.cb.Handle("text", rec.handler())
	for _, mode := range []wxMode{plainMode, compatibleMode, safeMode} {
		a := e.callbackAccount("回调测试"+mode.String(), mode)
		if ok, err := e.wx.VerifyCallback(a.creds.AppID); !ok || err != nil {
			t.Fatalf("%s: WeChat's URL check failed: %v", mode, err)
		}
		now := time.Now()
		id := nextMsgID()
		status, answer := e.push(a, mode, textXML("o-citizen", id, "社保卡怎么办", now))
		reply, err := specOpenReply(a.spec, mode, answer)
		if status != http.StatusOK || err != nil || reply == nil {
			t.Fatalf("%s: answered %d %q (%v), want a reply", mode, status, answer, err)
		}
		if reply.Content != "您好，已收到" || reply.MsgType != "text" || reply.ToUserName != "o-citizen" || reply.FromUserName != "gh_spec" {
			t.Fatalf("%s: the reply is %+v, want the handler's text from the account to the sender", mode, reply)
		}
		if reply.Encrypted != (mode != plainMode) {
			t.Fatalf("%s: reply encrypted %v", mode, reply.Encrypted)
		}
		got := rec.got()
		m := got[len(got)-1]
		if m.FromUserName != "o-citizen" || m.Content != "社保卡怎么办" || m.MsgID != id || m.CreateTime != now.Unix() || m.Kind() != "text" {
			t.Fatalf("%s: the handler got %+v", mode, m)
		}
		if m.Authentic != (mode != plainMode) {
			t.Fatalf("%s: Authentic %v: only an encrypted message's signature covers its content", mode, m.Authentic)
		}
		if acc := rec.accounts[len(rec.accounts)-1]; acc.ID != a.id || acc.AppID != a.creds.AppID || acc.Name != "回调测试"+mode.String() {
			t.Fatalf("%s: the handler got the account %+v", mode, acc)
		}
	}
	if n := e.counter("govmedia_wechat_callback_messages_total", "kind", "text", "outcome", "replied"); n != 3 {
		t.Fatalf("%v text messages counted as replied, want 3", n)
	}
}

// TestCallbackRepliesWithNews: a news reply shows one card for a
// follower's message and up to eight for an event, as WeChat allows.
func TestCallbackRepliesWithNews(t *testing.T) {
	e := newCallbackEnv(t, wechattest.Options{})
	cards := wechat.Reply{}
	for _, title := range []string{"社会保障卡申领", "社保缴费", "养老保险"} {
		cards.Articles = append(cards.Articles, wechat.Article{Title: title, Description: "办事指南", URL: "https://gov.example.cn/catalogs/" + title, PictureURL: "https://gov.example.cn/p.png"})
	}
	e.cb.Handle("text", (&recorder{reply: cards}).handler())
	e.cb.Handle("event:CLICK", (&recorder{reply: cards}).handler())
	a := e.callbackAccount("图文测试", safeMode)
	_, answer := e.push(a, safeMode, textXML("o-citizen", nextMsgID(), "社保", time.Now()))
	reply, err := specOpenReply(a.spec, safeMode, answer)
	if err != nil || reply == nil || reply.MsgType != "news" || reply.ArticleCount != 1 || len(reply.Articles) != 1 {
		t.Fatalf("a news reply to a text: %+v (%v), want one card", reply, err)
	}
	if c := reply.Articles[0]; c.Title != "社会保障卡申领" || c.URL != "https://gov.example.cn/catalogs/社会保障卡申领" || c.PicURL == "" || c.Description != "办事指南" {
		t.Fatalf("the card is %+v", c)
	}
	_, answer = e.push(a, safeMode, eventXML("o-citizen", "CLICK", "domain:social_security", time.Now()))
	if reply, err = specOpenReply(a.spec, safeMode, answer); err != nil || reply == nil || reply.ArticleCount != 3 || len(reply.Articles) != 3 {
		t.Fatalf("a news reply to a menu click: %+v (%v), want the three cards", reply, err)
	}
}

// TestCallbackAnswersRetriesWithoutDoingTheWorkTwice: WeChat sends a
// message it got no answer for again, with the same MsgId (an event: the
// same sender and CreateTime); the handler sees each once.
func TestCallbackAnswersRetriesWithoutDoingTheWorkTwice(t *testing.T) {
	e := newCallbackEnv(t, wechattest.Options{})
	texts, follows := &recorder{reply: wechat.Reply{Text: "已收到"}}, &recorder{reply: wechat.Reply{Text: "欢迎"}}
	e.cb.Handle("text", texts.handler())
	e.cb.Handle("event:subscribe", follows.handler())
	a := e.callbackAccount("去重测试", safeMode)
	now := time.Now()
	msg := textXML("o-citizen", nextMsgID(), "请问", now)
	var answers []string
	for range 3 {
		status, answer := e.push(a, safeMode, msg)
		if status != http.StatusOK {
			t.Fatalf("a retry was answered %d", status)
		}
		answers = append(answers, string(answer))
	}
	if len(texts.got()) != 1 || answers[1] != "success" || answers[2] != "success" || answers[0] == "success" {
		t.Fatalf("three tries of one message: handled %d times, answered %q; want once, the reply then success", len(texts.got()), answers)
	}
	for range 2 {
		e.push(a, safeMode, eventXML("o-citizen", "subscribe", "", now))
	}
	e.push(a, safeMode, eventXML("o-citizen", "subscribe", "", now.Add(time.Second))) // a new follow
	e.push(a, safeMode, eventXML("o-other", "subscribe", "", now))
	if n := len(follows.got()); n != 3 {
		t.Fatalf("four subscribe events, one of them a retry: handled %d, want 3", n)
	}
	if n := e.seenKeys(a.id); n != 4 {
		t.Fatalf("%d keys remembered, want 4", n)
	}
	if n := e.counter("govmedia_wechat_callback_messages_total", "outcome", "repeat"); n != 3 {
		t.Fatalf("%v repeats counted, want 3", n)
	}
}

// TestAMessageOfAKindWithoutAHandlerIsAnsweredSuccess: nothing is kept of
// it, and it is counted under "other", never under its own kind.
func TestAMessageOfAKindWithoutAHandlerIsAnsweredSuccess(t *testing.T) {
	e := newCallbackEnv(t, wechattest.Options{})
	a := e.callbackAccount("无处理测试", safeMode)
	msg := strings.Replace(textXML("o-citizen", nextMsgID(), "", time.Now()), "[text]", "[image]", 1)
	status, answer := e.push(a, safeMode, msg)
	if status != http.StatusOK || string(answer) != "success" || e.seenKeys(a.id) != 0 {
		t.Fatalf("an image without a handler: %d %q, %d keys kept", status, answer, e.seenKeys(a.id))
	}
	if e.counter("govmedia_wechat_callback_messages_total", "kind", "other", "outcome", "nothing") != 1 ||
		e.counter("govmedia_wechat_callback_messages_total", "kind", "image") != 0 {
		t.Fatal("an unhandled kind is not counted as other")
	}
}

// TestHandleRefusesMistakes: a kind registered twice, or a handler
// without Answer, is a mistake in the program.
func TestHandleRefusesMistakes(t *testing.T) {
	e := newCallbackEnv(t, wechattest.Options{})
	e.cb.Handle("text", (&recorder{}).handler())
	for name, register := range map[string]func(){
		"twice":          func() { e.cb.Handle("text", (&recorder{}).handler()) },
		"without Answer": func() { e.cb.Handle("event:CLICK", wechat.Handler{Slow: true}) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("registering a handler %s did not panic", name)
				}
			}()
			register()
		}()
	}
}
