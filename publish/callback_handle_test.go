package publish_test

import (
	"strings"
	"testing"
	"time"

	"govmedia/publish"
	"govmedia/publish/wechattest"
)

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

// TestDeliveredArticlesAreFoundByTitle: what an account published is
// found by a word of its title, with its link; a word it never used finds
// nothing; "%" and "_" are characters, not wildcards.
func TestDeliveredArticlesAreFoundByTitle(t *testing.T) {
	w := newPubWorld(t, pubOpts{})
	accounts := w.addAccounts(1, "km.dept.jyt")
	p := w.publishNotice(publish.Publish, "km.dept.jyt")
	w.waitDone(p.ID, 30*time.Second)
	found, err := w.pub.DeliveredArticles(w.ctx, accounts[0].id, "安全生产", 5)
	if err != nil || len(found) != 1 || found[0].Title != "关于做好冬季安全生产工作的通知" || !strings.Contains(found[0].URL, "mp.weixin.qq.com") {
		t.Fatalf("found %+v (%v), want the delivered article with its link", found, err)
	}
	for _, keyword := range []string{"火星", "%", "_", "%%", "安全%", "冬_安全"} {
		if found, err := w.pub.DeliveredArticles(w.ctx, accounts[0].id, keyword, 5); err != nil || len(found) != 0 {
			t.Errorf("keyword %q found %+v (%v), want nothing", keyword, found, err)
		}
	}
}
