package publish_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"govmedia/publish/wechattest"
)

// TestACallbackWhoseRepeatCheckFailsIsRetried makes the statement that
// records a callback as seen fail (its table is renamed away): the push must
// not be answered "success", so that WeChat tries again; once the database
// is back, WeChat's next try is handled.
func TestACallbackWhoseRepeatCheckFailsIsRetried(t *testing.T) {
	w := newPubWorld(t, pubOpts{noWorkers: true})
	a := w.addAccount("去重测试", "km.dept.jyt")
	if _, err := w.env.DB.ExecContext(w.ctx, "ALTER TABLE callback_seen RENAME TO callback_seen_away"); err != nil {
		t.Fatal(err)
	}
	_, err := w.wx.Follow(a.creds.AppID, "o-retried")
	if !errors.Is(err, wechattest.ErrNoAnswer) {
		t.Fatalf("with the repeat check failing the follow was answered (err %v), want no 200 answer so that WeChat retries", err)
	}
	pushes := w.wx.Pushes(a.creds.AppID)
	for _, try := range pushes[len(pushes)-1].Tries {
		if try.Status == http.StatusOK {
			t.Fatalf("a try was answered 200 while the repeat check failed: %+v", try)
		}
	}
	if _, err := w.env.DB.ExecContext(w.ctx, "ALTER TABLE callback_seen_away RENAME TO callback_seen"); err != nil {
		t.Fatal(err)
	}
	reply, err := w.wx.Follow(a.creds.AppID, "o-retried")
	if err != nil || !strings.Contains(reply.Content, "欢迎关注去重测试") {
		t.Fatalf("WeChat's next try was answered %+v (%v), want the welcome", reply, err)
	}
	if n, _ := w.pub.Followers(w.ctx, a.id); n != 1 {
		t.Fatalf("%d followers counted, want 1", n)
	}
}
