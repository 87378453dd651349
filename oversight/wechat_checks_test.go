package oversight_test

import (
	"testing"
	"time"

	"github.com/silenceper/wechat/v2/officialaccount/draft"

	"govmedia/publish/wechattest"
	"govmedia/registry"
	"govmedia/registry/registrytest"
	"govmedia/wechat"
)

// wechatAccount imports an active WeChat account of org whose credentials
// are stored; WeChat (the stand-in) knows it with secret.
func (w *world) wechatAccount(t *testing.T, wx *wechattest.Server, org, name, n, secret string) (*registry.Account, wechat.Credentials) {
	f := registrytest.WeChat(name)
	f.OriginalID, f.AppID = "gh_00000000000"+n, "wx000000000000000"+n
	a := w.account(t, org, f)
	c := wechat.Credentials{AccountID: a.ID, AppID: f.AppID, AppSecret: "0123456789abcdef0123456789abcdef", Token: "tok" + n}
	if err := wechat.StoreCredentials(w.ctx, w.DB, w.Box, c, w.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	if err := wx.AddAccount(wechattest.Account{AppID: c.AppID, Secret: secret, OriginalID: f.OriginalID, Kind: wechattest.Service, Verified: true}); err != nil {
		t.Fatal(err)
	}
	return a, c
}

// TestWeChatsOwnListCountsAsAnUpdateAndFailingCredentialsAreTold: an
// article an account's editors published in WeChat itself is its last
// update; an account whose stored secret WeChat refuses for a day is told
// to its unit, once.
func TestWeChatsOwnListCountsAsAnUpdateAndFailingCredentialsAreTold(t *testing.T) {
	w := newWorld(t)
	wx := wechattest.New(wechattest.Options{Now: w.Clock.Now, PublishDelay: time.Millisecond})
	if err := wechat.Configure(wx.Start(t), 3*time.Second); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = wechat.Configure("", 0) })
	clients := wechat.NewClients(w.DB.DB, w.Box, w.Clock.Now, nil)
	w.over.UseWeChat(clients)
	edu, creds := w.wechatAccount(t, wx, "km.wuhua.dept.edu", "五华教育", "1", "0123456789abcdef0123456789abcdef")
	w.wechatAccount(t, wx, "km.wuhua.dept.mz", "五华民政", "2", "another-secret-0000000000000000")
	w.Clock.Advance(5 * 24 * time.Hour)
	w.publishInWeChat(t, clients, creds)
	w.Clock.Advance(11*24*time.Hour + time.Hour) // 16 days after the accounts opened, 11 after the article
	evs := w.check(t)
	silent := only("silent", evs)
	byAccount := map[int64]string{}
	for _, e := range silent {
		byAccount[e.AccountID] = e.Org
	}
	if byAccount[edu.ID] != "km.wuhua.dept.edu" || len(silent) != 2 {
		t.Fatalf("told %v: want 五华教育 at the 10-day line to its unit (its article 11 days ago), 五华民政 at 14 to the office", kinds(silent))
	}
	if failing := only("credentials_failing", evs); len(failing) != 0 {
		t.Fatalf("credentials told failing on the first day: %v", kinds(failing))
	}
	w.Clock.Advance(25 * time.Hour)
	failing := only("credentials_failing", w.check(t))
	if len(failing) != 1 || failing[0].Org != "km.wuhua.dept.mz" || failing[0].Code != 40125 {
		t.Fatalf("after a day of failing: %+v", failing)
	}
	w.Clock.Advance(25 * time.Hour)
	if again := only("credentials_failing", w.check(t)); len(again) != 0 {
		t.Fatalf("told again: %v", kinds(again))
	}
}

// publishInWeChat publishes an article with the account's own client, as
// its editors would in WeChat's editor, and waits for it to be out.
func (w *world) publishInWeChat(t *testing.T, clients *wechat.Clients, c wechat.Credentials) {
	client, err := clients.For(w.ctx, c.AccountID)
	if err != nil {
		t.Fatal(err)
	}
	cover, err := client.UploadCover(w.ctx, "cover.jpg", []byte{0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 'J', 'F', 'I', 'F', 0})
	if err != nil {
		t.Fatal(err)
	}
	media, err := client.AddDraft(w.ctx, []*draft.Article{{Title: "入学报名须知", Content: "<p>报名时间</p>", ThumbMediaID: cover}})
	if err != nil {
		t.Fatal(err)
	}
	id, err := client.SubmitPublish(w.ctx, media)
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the article published", func() bool {
		st, err := client.PublishStatus(w.ctx, id)
		return err == nil && st.PublishStatus == 0
	})
}
