package wechat_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"govmedia"
	"govmedia/publish/wechattest"
	"govmedia/wechat"
)

// TestAMenuIsSetReadAndDeleted: a menu of CLICK buttons and a group goes
// to WeChat as it was built, reads back the same, and is deleted; with no
// menu, reading gives none.
func TestAMenuIsSetReadAndDeleted(t *testing.T) {
	e := newWxEnv(t, wechattest.Options{})
	c := e.account("菜单测试", "")
	cl := e.client(c)
	if got, err := cl.Menu(e.ctx); err != nil || got != nil {
		t.Fatalf("the menu before any: %+v %v, want none", got, err)
	}
	want := []wechat.MenuButton{{Name: "义务教育", Key: "domain:compulsory-education"},
		{Name: "政务公开", Sub: []wechat.MenuButton{{Name: "国有土地上房屋征收", Key: "domain:state-land-housing-expropriation"}, {Name: "社会救助", Key: "domain:social-assistance"}}}}
	if err := cl.SetMenu(e.ctx, want); err != nil {
		t.Fatal(err)
	}
	onWeChat := e.wx.Menu(c.AppID)
	if len(onWeChat) != 2 || onWeChat[0].Type != "click" || onWeChat[1].Type != "" || onWeChat[1].SubButtons[0].Type != "click" {
		t.Fatalf("WeChat holds %+v, want a click button and a group of clicks", onWeChat)
	}
	got, err := cl.Menu(e.ctx)
	if err != nil || !slices.EqualFunc(got, want, sameButton) {
		t.Fatalf("the menu read back: %+v %v, want %+v", got, err, want)
	}
	if err := cl.DeleteMenu(e.ctx); err != nil {
		t.Fatal(err)
	}
	if got, err := cl.Menu(e.ctx); err != nil || got != nil || e.wx.Menu(c.AppID) != nil {
		t.Fatalf("the menu after delete: %+v %v, want none", got, err)
	}
}

func sameButton(a, b wechat.MenuButton) bool {
	return a.Name == b.Name && a.Key == b.Key && slices.EqualFunc(a.Sub, b.Sub, sameButton)
}

// TestWeChatsMenuRefusalsSayWhy: each button limit WeChat enforces comes
// back with its errcode and a message in the user's language, and an
// unverified account is told it has no right to menus.
func TestWeChatsMenuRefusalsSayWhy(t *testing.T) {
	e := newWxEnv(t, wechattest.Options{})
	cl := e.client(e.account("菜单限制", ""))
	click := func(name string) wechat.MenuButton { return wechat.MenuButton{Name: name, Key: "k"} }
	cases := []struct {
		what    string
		buttons []wechat.MenuButton
		code    int64
		key     string
	}{
		{"four buttons", []wechat.MenuButton{click("一"), click("二"), click("三"), click("四")}, 40016, "menu.refused.too_many_buttons"},
		{"a top-level name of 18 bytes", []wechat.MenuButton{click("义务教育信息")}, 40018, "menu.refused.name_too_long"},
		{"a key of 129 bytes", []wechat.MenuButton{{Name: "教育", Key: strings.Repeat("k", 129)}}, 40019, "menu.refused.key"},
		{"six sub-buttons", []wechat.MenuButton{{Name: "公开", Sub: []wechat.MenuButton{click("1"), click("2"), click("3"), click("4"), click("5"), click("6")}}}, 40023, "menu.refused.too_many_sub_buttons"},
		{"a sub-button name of 63 bytes", []wechat.MenuButton{{Name: "公开", Sub: []wechat.MenuButton{click(strings.Repeat("长", 21))}}}, 40025, "menu.refused.sub_name_too_long"},
	}
	for _, tc := range cases {
		err := cl.SetMenu(e.ctx, tc.buttons)
		if wechat.ErrCode(err) != tc.code || govmedia.ErrorCode(err) != govmedia.EINVALID ||
			govmedia.ErrorMessage(govmedia.Chinese, err) != govmedia.Print(govmedia.Chinese, tc.key) ||
			govmedia.ErrorMessage(govmedia.English, err) != govmedia.Print(govmedia.English, tc.key) {
			t.Errorf("%s: %v, want errcode %d told as %s", tc.what, err, tc.code, tc.key)
		}
	}
	if e.wx.Menu(cl.AppID()) != nil {
		t.Fatal("a refused menu was kept")
	}
	unverified := e.client(e.account("未认证号", "", func(a *wechattest.Account) { a.Verified = false }))
	err := unverified.SetMenu(e.ctx, []wechat.MenuButton{click("教育")})
	if wechat.ErrCode(err) != 48001 || govmedia.ErrorCode(err) != govmedia.EFORBIDDEN ||
		!strings.Contains(govmedia.ErrorMessage(govmedia.Chinese, err), "认证") {
		t.Fatalf("an unverified account's menu: %v, want 48001 told as needing verification", err)
	}
}

// TestUserFiguresComeByDayWithinWeChatsRange: WeChat's own follows,
// unfollows and followers come one row per ready day; a range over 7 days
// or reaching today is refused as such; an unverified account has none.
func TestUserFiguresComeByDayWithinWeChatsRange(t *testing.T) {
	beijing := time.FixedZone("CST", 8*3600)
	now := time.Date(2026, 11, 30, 7, 30, 0, 0, beijing) // before 08:00: yesterday not ready yet
	e := newWxEnv(t, wechattest.Options{Now: func() time.Time { return now }})
	c := e.account("用户分析", "")
	cl := e.client(c)
	day := func(d int) time.Time { return time.Date(2026, 11, d, 0, 0, 0, 0, time.UTC) }
	for _, f := range []struct{ d, source, follows, unfollows int }{{26, 1, 4, 1}, {26, 30, 2, 0}, {28, 0, 0, 3}, {29, 0, 5, 0}} {
		if err := e.wx.AddUserFigures(c.AppID, time.Date(2026, 11, f.d, 12, 0, 0, 0, beijing), f.source, f.follows, f.unfollows); err != nil {
			t.Fatal(err)
		}
	}
	got, err := cl.UserFigures(e.ctx, day(25), day(29))
	want := []wechat.UserDay{{day(25), 0, 0, 2}, {day(26), 6, 1, 7}, {day(27), 0, 0, 7}, {day(28), 0, 3, 4}}
	if err != nil || !slices.Equal(got, want) {
		t.Fatalf("the figures at 07:30: %+v %v, want %+v (the 29th not ready)", got, err, want)
	}
	now = now.Add(time.Hour)
	if got, err = cl.UserFigures(e.ctx, day(29), day(29)); err != nil || !slices.Equal(got, []wechat.UserDay{{day(29), 5, 0, 9}}) {
		t.Fatalf("the 29th at 08:30: %+v %v", got, err)
	}
	for _, r := range [][2]time.Time{{day(21), day(28)}, {day(29), day(30)}, {day(28), day(27)}} {
		_, err := cl.UserFigures(e.ctx, r[0], r[1])
		if wechat.ErrCode(err) != 61501 || govmedia.ErrorCode(err) != govmedia.EINVALID || !strings.Contains(govmedia.ErrorMessage(govmedia.Chinese, err), "7") {
			t.Errorf("the range %v–%v: %v, want 61501 told as a bad range", r[0], r[1], err)
		}
	}
	unverified := e.client(e.account("未认证统计", "", func(a *wechattest.Account) { a.Verified = false }))
	if _, err := unverified.UserFigures(e.ctx, day(29), day(29)); wechat.ErrCode(err) != 48001 || govmedia.ErrorCode(err) != govmedia.EFORBIDDEN {
		t.Fatalf("an unverified account's figures: %v, want 48001 forbidden", err)
	}
}
