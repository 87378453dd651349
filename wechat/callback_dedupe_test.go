package wechat_test

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"govmedia/publish/wechattest"
	"govmedia/wechat"
)

// TestACallbackWhoseRepeatCheckFailsIsRetried makes the statement that
// records a callback as seen fail (its table is renamed away): the push must
// not be answered "success", so that WeChat tries again; once the database
// is back, WeChat's next try is handled.
func TestACallbackWhoseRepeatCheckFailsIsRetried(t *testing.T) {
	e := newCallbackEnv(t, wechattest.Options{})
	rec := &recorder{reply: wechat.Reply{Text: "欢迎关注去重测试"}}
	e.cb.Handle("event:subscribe", rec.handler())
	a := e.callbackAccount("去重测试", safeMode)
	if _, err := e.db.ExecContext(e.ctx, "ALTER TABLE callback_seen RENAME TO callback_seen_away"); err != nil {
		t.Fatal(err)
	}
	_, err := e.wx.Follow(a.creds.AppID, "o-retried")
	if !errors.Is(err, wechattest.ErrNoAnswer) {
		t.Fatalf("with the repeat check failing the follow was answered (err %v), want no 200 answer so that WeChat retries", err)
	}
	pushes := e.wx.Pushes(a.creds.AppID)
	for _, try := range pushes[len(pushes)-1].Tries {
		if try.Status == http.StatusOK {
			t.Fatalf("a try was answered 200 while the repeat check failed: %+v", try)
		}
	}
	if len(rec.got()) != 0 {
		t.Fatal("the handler ran although the repeat check failed")
	}
	if _, err := e.db.ExecContext(e.ctx, "ALTER TABLE callback_seen_away RENAME TO callback_seen"); err != nil {
		t.Fatal(err)
	}
	reply, err := e.wx.Follow(a.creds.AppID, "o-retried")
	if err != nil || reply.Content != "欢迎关注去重测试" {
		t.Fatalf("WeChat's next try was answered %+v (%v), want the welcome", reply, err)
	}
	if n := len(rec.got()); n != 1 {
		t.Fatalf("the follow was handled %d times, want once", n)
	}
}

// TestAFailedHandlerIsTriedAgainOnWeChatsRetry: a handler's error answers
// 500 and forgets the message, so that WeChat's next try is handled.
func TestAFailedHandlerIsTriedAgainOnWeChatsRetry(t *testing.T) {
	e := newCallbackEnv(t, wechattest.Options{})
	var tries atomic.Int32
	e.cb.Handle("text", wechat.Handler{Answer: func(context.Context, wechat.Account, *wechat.Message) (wechat.Reply, error) {
		if tries.Add(1) == 1 {
			return wechat.Reply{}, errors.New("the search is down")
		}
		return wechat.Reply{Text: "找到了"}, nil
	}})
	a := e.callbackAccount("失败重试测试", safeMode)
	msg := textXML("o-citizen", nextMsgID(), "低保", time.Now())
	if status, answer := e.push(a, safeMode, msg); status != http.StatusInternalServerError || len(answer) != 0 {
		t.Fatalf("a failed handler: %d %q, want 500 and no content", status, answer)
	}
	status, answer := e.push(a, safeMode, msg)
	reply, err := specOpenReply(a.spec, safeMode, answer)
	if status != 200 || err != nil || reply == nil || reply.Content != "找到了" || tries.Load() != 2 {
		t.Fatalf("WeChat's retry: %d %+v (%v) after %d tries, want the reply", status, reply, err, tries.Load())
	}
}

// TestOldMessageKeysAreForgotten: the periodic job drops the keys of
// messages older than two days, and keeps the others.
func TestOldMessageKeysAreForgotten(t *testing.T) {
	e := newCallbackEnv(t, wechattest.Options{})
	a := e.callbackAccount("清理测试", safeMode)
	_, err := e.db.ExecContext(e.ctx, `INSERT INTO callback_seen (account_id, key, seen_at) VALUES (?, 'msg:1', ?), (?, 'msg:2', ?)`,
		a.id, time.Now().Add(-49*time.Hour), a.id, time.Now().Add(-47*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	e.startWorkers()
	eventually(t, "the old key to be forgotten", func() bool { return e.seenKeys(a.id) == 1 })
	var kept string
	_ = e.db.NewRaw("SELECT key FROM callback_seen WHERE account_id = ?", a.id).Scan(e.ctx, &kept)
	if kept != "msg:2" {
		t.Fatalf("kept %q, want the key of the message of 47 hours ago", kept)
	}
}
