package publish_test

import (
	"strings"
	"testing"
	"time"

	"govmedia/publish"
	"govmedia/publish/wechattest"
)

// TestFollowersAreWelcomedAndCounted: a new follower gets the account's
// welcome, and follows and unfollows are counted.
func TestFollowersAreWelcomedAndCounted(t *testing.T) {
	w := newPubWorld(t, pubOpts{noWorkers: true})
	a := w.addAccount("欢迎测试", "km.dept.jyt")
	reply, err := w.wx.Follow(a.creds.AppID, "o-new")
	if err != nil || !reply.Encrypted || !strings.Contains(reply.Content, "欢迎关注欢迎测试") {
		t.Fatalf("a new follower was answered %+v (%v), want the welcome, encrypted", reply, err)
	}
	if n, _ := w.pub.Followers(w.ctx, a.id); n != 1 {
		t.Fatalf("%d followers counted, want 1", n)
	}
	if err := w.wx.Unfollow(a.creds.AppID, "o-new"); err != nil {
		t.Fatal(err)
	}
	if n, _ := w.pub.Followers(w.ctx, a.id); n != 0 {
		t.Fatalf("%d followers counted after the unfollow, want 0", n)
	}
}

// TestDeliveriesEndOnTheirFinishEvents: with polling an hour away, a
// publish and a mass send end when WeChat's PUBLISHJOBFINISH and
// MASSSENDJOBFINISH reach the callback.
func TestDeliveriesEndOnTheirFinishEvents(t *testing.T) {
	hour := publish.Tuning{PollEvery: time.Hour, SubmitGrace: time.Hour, SweepEvery: time.Hour}
	w := newPubWorld(t, pubOpts{tuning: hour, wx: wechattest.Options{PublishDelay: 300 * time.Millisecond, MassSendDelay: 300 * time.Millisecond}})
	accounts := w.addAccounts(1, "km.dept.jyt")
	for _, mode := range []publish.Mode{publish.Publish, publish.Broadcast} {
		p := w.publishNotice(mode, "km.dept.jyt")
		if pr := w.waitDone(p.ID, 20*time.Second); pr.Delivered != 1 {
			t.Fatalf("%s: %+v, want the one delivery delivered by its event", mode, pr)
		}
	}
	var events []string
	for _, push := range w.wx.Pushes(accounts[0].creds.AppID) {
		events = append(events, push.Event)
	}
	if got := strings.Join(events, " "); !strings.Contains(got, "PUBLISHJOBFINISH") || !strings.Contains(got, "MASSSENDJOBFINISH") {
		t.Fatalf("the stand-in pushed %q, want both finish events", got)
	}
}

func TestCitizensKeywordsFindDeliveredArticles(t *testing.T) {
	w := newPubWorld(t, pubOpts{})
	accounts := w.addAccounts(1, "km.dept.jyt")
	p := w.publishNotice(publish.Publish, "km.dept.jyt")
	w.waitDone(p.ID, 30*time.Second)
	reply, err := w.wx.SendText(accounts[0].creds.AppID, "o-follower-1", "安全生产")
	if err != nil || !strings.Contains(reply.Content, "《关于做好冬季安全生产工作的通知》") || !strings.Contains(reply.Content, "mp.weixin.qq.com") {
		t.Fatalf("keyword reply %q (%v), want the delivered article with its link", reply.Content, err)
	}
	reply, _ = w.wx.SendText(accounts[0].creds.AppID, "o-follower-1", "火星")
	if !strings.Contains(reply.Content, "暂未找到") {
		t.Fatalf("unknown keyword answered %q", reply.Content)
	}
}

// TestCitizensKeywordWildcardsAreLiteral: a citizen who sends "%" or "_" is
// looking for that character, not for every article the account published.
func TestCitizensKeywordWildcardsAreLiteral(t *testing.T) {
	w := newPubWorld(t, pubOpts{})
	accounts := w.addAccounts(1, "km.dept.jyt")
	p := w.publishNotice(publish.Publish, "km.dept.jyt")
	w.waitDone(p.ID, 30*time.Second)
	for _, keyword := range []string{"%", "_", "%%", "安全%", "冬_安全"} {
		reply, err := w.wx.SendText(accounts[0].creds.AppID, "o-follower-1", keyword)
		if err != nil || !strings.Contains(reply.Content, "暂未找到") || strings.Contains(reply.Content, "《") {
			t.Errorf("keyword %q answered %q (%v), want nothing found", keyword, reply.Content, err)
		}
	}
}
