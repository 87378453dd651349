package publish_test

import (
	"strings"
	"testing"
	"time"

	"govmedia/publish"
	"govmedia/publish/wechattest"
)

// exactlyOnce checks the stand-in's counts: one draft and one publish (or
// mass send) per account, and returns the accounts that got none.
func (w *pubWorld) exactlyOnce(accounts []acct, mode publish.Mode) {
	w.t.Helper()
	for _, a := range accounts {
		c := w.wx.Counts(a.creds.AppID)
		sent := c.PublishesSubmitted
		if mode == publish.Broadcast {
			sent = c.MassSendsAccepted
		}
		if c.DraftsAdded != 1 || sent != 1 {
			w.t.Errorf("account %d: %d drafts and %d sends, want exactly one of each", a.id, c.DraftsAdded, sent)
		}
	}
}

func TestEveryAccountGetsThePublicationOnceDespiteFaults(t *testing.T) {
	w := newPubWorld(t, pubOpts{})
	accounts := w.addAccounts(6, "km.wuhua.dept.edu")
	for _, path := range []string{"/cgi-bin/material/add_material", "/cgi-bin/media/uploadimg", "/cgi-bin/draft/add",
		"/cgi-bin/freepublish/submit", "/cgi-bin/freepublish/get", "/cgi-bin/stable_token"} {
		w.wx.Inject(wechattest.Fault{Path: path, HTTPStatus: 502, Times: 2})
		w.wx.Inject(wechattest.Fault{Path: path, ErrCode: -1, Times: 2})
	}
	p := w.publishNotice(publish.Publish, "km.wuhua")
	pr := w.waitDone(p.ID, 60*time.Second)
	if pr.Delivered != len(accounts) {
		t.Fatalf("progress %+v, want all %d delivered", pr, len(accounts))
	}
	w.exactlyOnce(accounts, publish.Publish)
	list, _ := w.pub.Deliveries(w.ctx, p.ID)
	for _, d := range list {
		if !strings.Contains(d.ArticleURL, "://mp.weixin.qq.com/s?") {
			t.Errorf("delivery %d has article URL %q", d.ID, d.ArticleURL)
		}
	}
	got, _ := w.pub.Publication(w.ctx, p.ID)
	if got.State != publish.Done {
		t.Fatalf("publication %s after every delivery ended, want done", got.State)
	}
}

func TestTokenExpiringMidRunIsRefreshedOnce(t *testing.T) {
	w := newPubWorld(t, pubOpts{})
	accounts := w.addAccounts(3, "km.xishan.dept.edu")
	w.wx.Inject(wechattest.Fault{Path: "/cgi-bin/draft/add", Latency: 100 * time.Millisecond})
	p := w.publishNotice(publish.Publish, "km.xishan")
	// Expire the tokens once every delivery holds one and is on its way.
	w.waitUntil("every account has its token", func() bool {
		for _, a := range accounts {
			if w.wx.Counts(a.creds.AppID).TokensIssued == 0 {
				return false
			}
		}
		return true
	})
	for _, a := range accounts {
		w.wx.ExpireTokens(a.creds.AppID)
	}
	if pr := w.waitDone(p.ID, 30*time.Second); pr.Delivered != 3 {
		t.Fatalf("progress %+v, want 3 delivered", pr)
	}
	w.exactlyOnce(accounts, publish.Publish)
}

func TestAnInactiveAccountGetsNothingAndAnUnverifiedOneFailsWithAReason(t *testing.T) {
	w := newPubWorld(t, pubOpts{noWorkers: true})
	w.addAccounts(2, "km.wuhua.dept.mz")
	unverified := w.addAccounts(1, "km.wuhua.dept.mz", func(a *wechattest.Account) { a.Verified = false })
	closing := w.addAccounts(1, "km.wuhua.dept.mz")
	p := w.publishNotice(publish.Publish, "km.wuhua")
	suspend(t, w, closing[0].id)
	w.startWorkers(4)
	pr := w.waitDone(p.ID, 30*time.Second)
	if pr.Delivered != 2 || pr.Failed != 1 || pr.Skipped != 1 {
		t.Fatalf("progress %+v, want 2 delivered, 1 failed, 1 skipped", pr)
	}
	if c := w.wx.Counts(closing[0].creds.AppID); c.DraftsAdded+c.PublishesSubmitted+c.MaterialsUploaded != 0 {
		t.Fatalf("the suspended account got calls: %+v", c)
	}
	list, _ := w.pub.Deliveries(w.ctx, p.ID)
	for _, d := range list {
		if d.AccountID == unverified[0].id && (d.State != publish.Failed || d.ErrorCode != 48001) {
			t.Fatalf("the unverified account's delivery: %s code %d %q, want failed with 48001", d.State, d.ErrorCode, d.Error)
		}
	}
}

func suspend(t *testing.T, w *pubWorld, id int64) {
	t.Helper()
	if err := w.env.Registry.Suspend(w.ctx, w.approver, id, "测试"); err != nil {
		t.Fatal(err)
	}
}

func TestBroadcastWithoutQuotaWaitsInsteadOfFailing(t *testing.T) {
	w := newPubWorld(t, pubOpts{})
	accounts := w.addAccounts(1, "km.dept.jyt", func(a *wechattest.Account) { a.Kind = wechattest.Subscription })
	if _, err := w.env.DB.ExecContext(w.ctx, "UPDATE accounts SET wechat_kind = 'subscription' WHERE id = ?", accounts[0].id); err != nil {
		t.Fatal(err)
	}
	first := w.publishNotice(publish.Broadcast, "km.dept.jyt")
	if pr := w.waitDone(first.ID, 30*time.Second); pr.Delivered != 1 {
		t.Fatalf("first broadcast: %+v", pr)
	}
	second := w.publishNotice(publish.Broadcast, "km.dept.jyt")
	var list []*publish.Delivery
	w.waitUntil("the second broadcast to wait for the quota", func() bool {
		list, _ = w.pub.Deliveries(w.ctx, second.ID)
		var snoozed bool
		_ = w.env.DB.NewRaw("SELECT EXISTS (SELECT 1 FROM river_job WHERE kind = 'publish.delivery' AND state = 'scheduled')").Scan(w.ctx, &snoozed)
		return snoozed && len(list) == 1 && strings.Contains(list[0].Error, "群发次数已用完")
	})
	if list[0].State.Final() {
		t.Fatalf("second broadcast the same day: %+v, want it waiting for the quota", list[0])
	}
	w.env.Clock.Advance(24 * time.Hour)
	if _, err := w.env.DB.ExecContext(w.ctx, "UPDATE river_job SET scheduled_at = now() WHERE state = 'scheduled'"); err != nil {
		t.Fatal(err)
	}
	if pr := w.waitDone(second.ID, 30*time.Second); pr.Delivered != 1 {
		t.Fatalf("second broadcast the next day: %+v", pr)
	}
	if c := w.wx.Counts(accounts[0].creds.AppID); c.MassSendsAccepted != 2 {
		t.Fatalf("%d mass sends, want 2 on two days", c.MassSendsAccepted)
	}
}
