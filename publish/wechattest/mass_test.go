package wechattest

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

func sendAll(mediaID, clientMsgID string) map[string]any {
	return map[string]any{
		"filter": map[string]any{"is_to_all": true}, "msgtype": "mpnews",
		"mpnews": map[string]any{"media_id": mediaID}, "send_ignore_reprint": 0, "clientmsgid": clientMsgID,
	}
}

func TestSubscriptionAccountSendsOnceADay(t *testing.T) {
	h := newHarness(t, Options{})
	a := h.account("sub", func(a *Account) { a.Kind = Subscription })
	tok := h.token(a)
	wantCode(t, "first send of the day", h.post("/cgi-bin/message/mass/sendall", tok, sendAll(h.draft(tok), "")), 0)
	wantCode(t, "second send of the day", h.post("/cgi-bin/message/mass/sendall", tok, sendAll(h.draft(tok), "")), CodeNoMassQuota)
	h.clock.Advance(12 * time.Hour)
	tok = h.token(a)
	wantCode(t, "first send of the next day", h.post("/cgi-bin/message/mass/sendall", tok, sendAll(h.draft(tok), "")), 0)
}

func TestClientMsgIDRepeatAnswersTheFirstSend(t *testing.T) {
	h := newHarness(t, Options{})
	a := h.account("cid", func(a *Account) { a.Kind = Subscription })
	tok := h.token(a)
	first := h.post("/cgi-bin/message/mass/sendall", tok, sendAll(h.draft(tok), "notice-42"))
	wantCode(t, "first send", first, 0)
	again := h.post("/cgi-bin/message/mass/sendall", tok, sendAll(h.draft(tok), "notice-42"))
	wantCode(t, "repeat within 24 h (quota already used)", again, CodeClientMsgIDExist)
	if again.num("msg_id") != first.num("msg_id") || !strings.HasPrefix(again.str("errmsg"), "clientmsgid exist") {
		t.Fatalf("45065 answer %v does not carry the first msg_id %d", again, first.num("msg_id"))
	}
	if n := h.s.Counts(a.AppID).MassSendsAccepted; n != 1 {
		t.Fatalf("MassSendsAccepted = %d, want 1", n)
	}
	long := strings.Repeat("x", 65)
	wantCode(t, "65-byte clientmsgid", h.post("/cgi-bin/message/mass/sendall", tok, sendAll(h.draft(tok), long)), CodeClientMsgIDTooLong)
}

func TestMassSendJobFinishIsPushed(t *testing.T) {
	h := newHarness(t, Options{})
	rec := newRecorder(t)
	a := h.account("ev", func(a *Account) {
		a.Followers = []string{"o1", "o2", "o3"}
		a.Callback = Callback{URL: rec.url, Token: "tok"}
	})
	tok := h.token(a)
	sent := h.post("/cgi-bin/message/mass/sendall", tok, sendAll(h.draft(tok), ""))
	wantCode(t, "sendall", sent, 0)
	eventually(t, "MASSSENDJOBFINISH", func() bool { return len(rec.all()) == 1 })
	push := rec.all()[0]
	ev := parseEvent(t, push.body)
	if ev.Event != "MASSSENDJOBFINISH" || ev.MsgID != sent.num("msg_id") || ev.TotalCount != 3 || ev.SentCount != 3 || ev.ToUserName != "gh_ev" {
		t.Fatalf("event %+v, want MASSSENDJOBFINISH for msg %d to 3 followers", ev, sent.num("msg_id"))
	}
	q := push.query
	if q.Get("signature") != Signature("tok", q.Get("timestamp"), q.Get("nonce")) || q.Has("encrypt_type") {
		t.Fatalf("plain-mode push query %v is not signed as WeChat signs", q)
	}
	// silenceper sends msg_id as a string here; WeChat's document too.
	got := h.post("/cgi-bin/message/mass/get", tok, map[string]any{"msg_id": strconv.FormatInt(sent.num("msg_id"), 10)})
	if got.str("msg_status") != "SEND_SUCCESS" {
		t.Fatalf("mass/get after the event: %v", got)
	}
}

func TestMassSendToListAndPreview(t *testing.T) {
	h := newHarness(t, Options{})
	a := h.account("list", func(a *Account) { a.Followers = []string{"o1", "o2"} })
	tok := h.token(a)
	text := map[string]any{"content": "停水通知"}
	wantCode(t, "send to one openid", h.post("/cgi-bin/message/mass/send", tok, map[string]any{"touser": []string{"o1"}, "msgtype": "text", "text": text}), CodeInvalidOpenIDList)
	wantCode(t, "send to two", h.post("/cgi-bin/message/mass/send", tok, map[string]any{"touser": []string{"o1", "o2"}, "msgtype": "text", "text": text}), 0)
	wantCode(t, "preview to a stranger", h.post("/cgi-bin/message/mass/preview", tok, map[string]any{"touser": "x", "msgtype": "text", "text": text}), CodeRequireSubscribe)
	wantCode(t, "preview to a follower", h.post("/cgi-bin/message/mass/preview", tok, map[string]any{"touser": "o1", "msgtype": "text", "text": text}), 0)
	if c := h.s.Counts(a.AppID); c.MassSendsAccepted != 1 || c.PreviewsSent != 1 {
		t.Fatalf("counts %+v, want 1 send and 1 preview", c)
	}
}
