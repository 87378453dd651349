package wechattest

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// slowCallback answers "success" from its n-th request on; earlier ones
// wait past the client's timeout.
func slowCallback(t *testing.T, n int32) (string, *atomic.Int32) {
	var seen atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body) // lets the server notice the client leaving
		if seen.Add(1) < n {
			select {
			case <-time.After(time.Second):
			case <-r.Context().Done():
			}
			return
		}
		_, _ = w.Write([]byte("success"))
	}))
	t.Cleanup(srv.Close)
	return srv.URL, &seen
}

func TestSlowCallbackIsTriedThreeTimes(t *testing.T) {
	h := newHarness(t, Options{CallbackTimeout: 30 * time.Millisecond})
	url, seen := slowCallback(t, 3)
	a := h.account("slow", func(a *Account) {
		a.Followers = []string{"c1"}
		a.Callback = Callback{URL: url, Token: "t"}
	})
	r, err := h.s.SendText(a.AppID, "c1", "hello")
	if err != nil || !r.Empty {
		t.Fatalf("SendText = %+v, %v; want the third try's empty reply", r, err)
	}
	p := h.s.Pushes(a.AppID)[0]
	if len(p.Tries) != 3 || p.Tries[0].Err == "" || p.Tries[2].Status != http.StatusOK || seen.Load() != 3 {
		t.Fatalf("tries %+v, want two timeouts then a 200", p.Tries)
	}
}

func TestSilentCallbackFailsAfterThreeTries(t *testing.T) {
	h := newHarness(t, Options{CallbackTimeout: 20 * time.Millisecond})
	url, seen := slowCallback(t, 99)
	a := h.account("silent", func(a *Account) {
		a.Followers = []string{"c1"}
		a.Callback = Callback{URL: url, Token: "t"}
	})
	if _, err := h.s.SendText(a.AppID, "c1", "hello"); !errors.Is(err, ErrNoAnswer) {
		t.Fatalf("SendText to a silent callback: %v, want ErrNoAnswer", err)
	}
	if seen.Load() != 3 {
		t.Fatalf("callback saw %d tries, want 3", seen.Load())
	}
}

func TestCompatibleModeSendsBothAndAcceptsPlainReply(t *testing.T) {
	h := newHarness(t, Options{})
	var query, body string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		query, body = r.URL.RawQuery, string(b)
		fmt.Fprintf(w, "<xml><ToUserName>c1</ToUserName><FromUserName>gh_compat</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>ok</Content></xml>")
	}))
	t.Cleanup(srv.Close)
	a := h.account("compat", func(a *Account) {
		a.Followers = []string{"c1"}
		a.Callback = Callback{URL: srv.URL, Token: "t", EncodingAESKey: testAESKey, Mode: Compatible}
	})
	r, err := h.s.SendText(a.AppID, "c1", "hi")
	if err != nil || r.Encrypted || r.Content != "ok" {
		t.Fatalf("SendText = %+v, %v; want the plain reply", r, err)
	}
	ev := parseEvent(t, []byte(body))
	plain, err := DecryptMessage(testAESKey, a.AppID, ev.Encrypt)
	if !strings.Contains(body, "<Content><![CDATA[hi]]></Content>") || err != nil || !strings.Contains(string(plain), "hi") {
		t.Fatalf("compatible push %q lacks the plain fields or a valid <Encrypt>", body)
	}
	if !strings.Contains(query, "encrypt_type=aes") || !strings.Contains(query, "msg_signature=") || !strings.Contains(query, "openid=c1") {
		t.Fatalf("compatible push query %q lacks encrypt_type, msg_signature or openid", query)
	}
}

func TestPlainReplyRefusedInSafeMode(t *testing.T) {
	h := newHarness(t, Options{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "<xml><ToUserName>c1</ToUserName><FromUserName>gh_strict</FromUserName><MsgType>text</MsgType><Content>x</Content></xml>")
	}))
	t.Cleanup(srv.Close)
	a := h.account("strict", func(a *Account) {
		a.Followers = []string{"c1"}
		a.Callback = Callback{URL: srv.URL, Token: "t", EncodingAESKey: testAESKey, Mode: Safe}
	})
	if _, err := h.s.SendText(a.AppID, "c1", "hi"); !errors.Is(err, ErrPlainReplyInSafeMode) {
		t.Fatalf("plain reply in safe mode: %v", err)
	}
}

func TestCustomerServiceWindow(t *testing.T) {
	h := newHarness(t, Options{})
	a := h.account("cs", func(a *Account) { a.Followers = []string{"c1"} })
	tok := h.token(a)
	send := func() result {
		return h.post("/cgi-bin/message/custom/send", tok, map[string]any{"touser": "c1", "msgtype": "text", "text": map[string]any{"content": "您好"}})
	}
	wantCode(t, "before the citizen wrote", send(), CodeReplyWindowClosed)
	if _, err := h.s.SendText(a.AppID, "c1", "请问"); err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		wantCode(t, fmt.Sprintf("message %d of 5", i+1), send(), 0)
	}
	wantCode(t, "sixth message", send(), CodeCustomLimit)
	if got := h.s.CustomMessages(a.AppID); len(got) != 5 || got[0].ToUser != "c1" || got[0].MsgType != "text" || got[0].Content != "您好" {
		t.Fatalf("CustomMessages = %+v, want the 5 accepted texts to c1", got)
	}
	if _, err := h.s.SendText(a.AppID, "c1", "还有一问"); err != nil { // a new message opens a new window
		t.Fatal(err)
	}
	news := func(n int) result {
		articles := make([]map[string]any, n)
		for i := range articles {
			articles[i] = map[string]any{"title": "办事指南", "url": "https://example.gov.cn/a"}
		}
		return h.post("/cgi-bin/message/custom/send", tok, map[string]any{"touser": "c1", "msgtype": "news", "news": map[string]any{"articles": articles}})
	}
	wantCode(t, "news of two articles", news(2), CodeTooManyArticles)
	wantCode(t, "news of one article", news(1), 0)
	wantCode(t, "an image", h.post("/cgi-bin/message/custom/send", tok, map[string]any{"touser": "c1", "msgtype": "image"}), CodeInvalidMessageType)
	if got := h.s.CustomMessages(a.AppID); len(got) != 6 || got[5].MsgType != "news" || len(got[5].News) != 1 || got[5].News[0].Title != "办事指南" {
		t.Fatalf("the news message was recorded as %+v", got[len(got)-1])
	}
	if err := h.s.Unfollow(a.AppID, "c1"); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "after unfollow", send(), CodeReplyWindowClosed)
}
