package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"govmedia/approvals"
	"govmedia/bot/telegramtest"
	"govmedia/catalog"
	"govmedia/citizens"
	"govmedia/postgres"
	"govmedia/publish"
	"govmedia/registry"
	"govmedia/registry/registrytest"
)

// withWeChatMenus is a citizens service with the accounts' WeChat
// clients, for menus and follower figures (its figures' fetch is on a
// queue that never starts).
func withWeChatMenus(t testing.TB, env *registrytest.Env, cat *catalog.Catalog, pub *publish.Publisher) *citizens.Citizens {
	cit := citizens.New(env.DB.DB, env.Registry, env.Box, cat, pub, approvals.Calendar{StepDays: 3}, env.Clock.Now,
		citizens.Options{PublicURL: "https://gk.km.gov.cn"})
	q, err := postgres.NewQueue(env.DB)
	if err != nil {
		t.Fatal(err)
	}
	cit.UseWeChat(q, pub.WeChat())
	return cit
}

// currentEducationCatalog makes the county's education catalog current.
func (w *publishingWorld) currentEducationCatalog(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	county := w.env.Member(t, "km.wuhua.office", registry.Operator, "区政府办运营")
	items := []catalog.Item{{Level1: "学生资助", Level2: "低保家庭学生资助", Content: "资助对象、标准", Modes: []catalog.Mode{catalog.Proactive}, Levels: []catalog.Level{catalog.CountyLevel}}}
	if _, err := w.cat.Import(ctx, catalog.Editor{Actor: county.Actor(), Member: county}, "km.wuhua",
		[]catalog.DomainItems{{Domain: "compulsory-education", Items: items}}, "t.xlsx"); err != nil {
		t.Fatal(err)
	}
	_, app, err := w.cat.Submit(ctx, county, "km.wuhua", "compulsory-education")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []*registry.Member{w.env.Member(t, "km.dept.jyt", registry.Guide, "市教体局指导"), w.approver.member} {
		a, _ := w.engine.Application(ctx, app.ID)
		if _, err := w.engine.Decide(ctx, d, a.PendingStep().ID, approvals.Approve, ""); err != nil {
			t.Fatal(err)
		}
	}
}

// TestAnOperatorSetsTheMenuInChat: /menu shows the unit's account with the
// domains it may offer; ticking one and pressing “设为菜单” puts a CLICK
// button for it on WeChat; another unit's operator is told the account is
// not found, and a forged mask is a stale button.
func TestAnOperatorSetsTheMenuInChat(t *testing.T) {
	w := newPublishingWorld(t)
	w.currentEducationCatalog(t)
	w.say(w.operator, "/menu")
	w.expect(w.operator.id, "“五华教育”的微信菜单")
	w.press(w.operator, w.operator.id, "义务教育")
	w.expectWith(w.operator.id, "勾选要放进菜单的领域", "✅ 义务教育")
	w.press(w.operator, w.operator.id, "设为菜单")
	w.expect(w.operator.id, "菜单已设置：义务教育")
	menu := w.wx.Menu(w.appIDs["五华教育"])
	if len(menu) != 1 || menu[0].Key != "domain:compulsory-education" || menu[0].Name != "义务教育" {
		t.Fatalf("WeChat holds the menu %+v, want the 义务教育 button", menu)
	}
	var id int64
	if err := w.env.DB.NewRaw("SELECT id FROM accounts WHERE name = '五华教育'").Scan(context.Background(), &id); err != nil {
		t.Fatal(err)
	}
	w.say(w.township, fmt.Sprintf("/menu %d", id))
	w.expect(w.township.id, fmt.Sprintf("找不到编号为 %d 的账号", id))
	w.say(w.operator, fmt.Sprintf("/menu %d", id))
	card := w.expect(w.operator.id, "当前：义务教育")
	pr, err := w.tg.ForgePress(telegramtest.ButtonPress{ChatID: w.operator.id, From: w.operator.id, MessageID: card.MessageID, Data: fmt.Sprintf("ms:%d:6", id)})
	if err != nil {
		t.Fatal(err)
	}
	if got := w.answered(w.operator.id, card.MessageID, pr.QueryID); !strings.Contains(got.Text, "失效") {
		t.Fatalf("a forged mask was answered %q, want a stale button", got.Text)
	}
	if len(w.wx.Menu(w.appIDs["五华教育"])) != 1 {
		t.Fatal("a forged press changed the menu")
	}
}

// TestAccountShowsTheLastWeekOfFollowers: /account shows the account's
// follows of the last seven days to its unit's operator and to the city
// office, and not to the county office nor to a township.
func TestAccountShowsTheLastWeekOfFollowers(t *testing.T) {
	w := newPublishingWorld(t)
	for _, p := range []person{w.operator, w.approver} {
		w.say(p, "/account 五华教育")
		got := w.expect(p.id, "近 7 天关注情况")
		if !strings.Contains(got.Text, "新关注 0，取消 0") {
			t.Fatalf("the account's card for %s:\n%s", p.member.OrgCode, got.Text)
		}
	}
	for _, p := range []person{w.reviewer, w.township} {
		w.say(p, "/account 五华教育")
		if got := w.expect(p.id, "五华教育"); strings.Contains(got.Text, "关注情况") {
			t.Fatalf("%s sees the followers:\n%s", p.member.OrgCode, got.Text)
		}
	}
}
