package citizens_test

import (
	"slices"
	"strings"
	"testing"

	"govmedia"
	"govmedia/citizens"
	"govmedia/postgres"
	"govmedia/registry"
)

// newMenuWorld is the wired world whose citizens service has the
// accounts' WeChat clients (on a queue that never starts: the tests run
// the figures' fetch themselves).
func newMenuWorld(t *testing.T) *wired {
	t.Helper()
	w := newWired(t)
	q, err := postgres.NewQueue(w.DB)
	if err != nil {
		t.Fatal(err)
	}
	w.cit.UseWeChat(q, w.clients)
	return w
}

// TestOperatorsSetTheMenuFromTheDomainsTheAccountCovers: the menu offers
// the domains the account covers that have a current catalog; the
// operator's choice reaches WeChat as a CLICK button per domain and is
// kept; an empty choice removes the menu.
func TestOperatorsSetTheMenuFromTheDomainsTheAccountCovers(t *testing.T) {
	w := newMenuWorld(t)
	offered, err := w.cit.MenuDomains(w.ctx, w.operator, w.acct.ID)
	if err != nil || !slices.Equal(offered, []citizens.MenuDomain{{Code: "compulsory-education", Name: "义务教育"}}) {
		t.Fatalf("the domains offered: %+v %v, want 义务教育 alone", offered, err)
	}
	if err := w.cit.SetMenu(w.ctx, w.operator, w.acct.ID, []string{"compulsory-education"}); err != nil {
		t.Fatal(err)
	}
	menu := w.wx.Menu(w.creds.AppID)
	if len(menu) != 1 || menu[0].Type != "click" || menu[0].Name != "义务教育" || menu[0].Key != "domain:compulsory-education" {
		t.Fatalf("WeChat holds the menu %+v, want one CLICK button for 义务教育", menu)
	}
	if kept, err := w.cit.Menu(w.ctx, w.operator, w.acct.ID); err != nil || !slices.Equal(kept, []string{"compulsory-education"}) {
		t.Fatalf("the menu kept: %v %v", kept, err)
	}
	err = w.cit.SetMenu(w.ctx, w.operator, w.acct.ID, []string{"social-assistance"})
	if govmedia.ErrorCode(err) != govmedia.EINVALID || !strings.Contains(govmedia.ErrorMessage(govmedia.Chinese, err), "现行公开目录") {
		t.Fatalf("a domain the account does not cover: %v, want EINVALID", err)
	}
	if len(w.wx.Menu(w.creds.AppID)) != 1 {
		t.Fatal("a refused choice changed the menu on WeChat")
	}
	if err := w.cit.SetMenu(w.ctx, w.operator, w.acct.ID, nil); err != nil {
		t.Fatal(err)
	}
	if kept, err := w.cit.Menu(w.ctx, w.operator, w.acct.ID); w.wx.Menu(w.creds.AppID) != nil || kept != nil || err != nil {
		t.Fatalf("after removing the menu WeChat holds %+v and we keep %v (%v), want none", w.wx.Menu(w.creds.AppID), kept, err)
	}
}

// TestOnlyTheHostUnitsOperatorsSetTheMenu: another unit's operator and
// the county office are told the account is not found; a reviewer of the
// host unit that only operators may.
func TestOnlyTheHostUnitsOperatorsSetTheMenu(t *testing.T) {
	w := newMenuWorld(t)
	reviewer := w.Member(t, "km.wuhua.dept.edu", registry.Reviewer, "赵审核")
	for _, m := range []*registry.Member{w.outsider, w.office} {
		if err := w.cit.SetMenu(w.ctx, m, w.acct.ID, []string{"compulsory-education"}); govmedia.ErrorCode(err) != govmedia.ENOTFOUND {
			t.Errorf("%s set the menu: %v, want ENOTFOUND", m.OrgCode, err)
		}
		if _, err := w.cit.MenuDomains(w.ctx, m, w.acct.ID); govmedia.ErrorCode(err) != govmedia.ENOTFOUND {
			t.Errorf("%s read the domains offered: %v, want ENOTFOUND", m.OrgCode, err)
		}
	}
	err := w.cit.SetMenu(w.ctx, reviewer, w.acct.ID, []string{"compulsory-education"})
	if govmedia.ErrorCode(err) != govmedia.EFORBIDDEN || !strings.Contains(govmedia.ErrorMessage(govmedia.Chinese, err), "运营人员") {
		t.Fatalf("the unit's reviewer set the menu: %v, want EFORBIDDEN", err)
	}
	if w.wx.Menu(w.creds.AppID) != nil || len(w.wx.Calls(w.creds.AppID)) != 0 {
		t.Fatal("a refused member's menu reached WeChat")
	}
}

// TestWeChatsRefusalOfAMenuIsToldPlainly: an account WeChat gives no
// right to menus (unverified) is told so in Chinese and English, and
// nothing is kept.
func TestWeChatsRefusalOfAMenuIsToldPlainly(t *testing.T) {
	w := newMenuWorld(t)
	if err := w.wx.SetVerified(w.creds.AppID, false); err != nil {
		t.Fatal(err)
	}
	err := w.cit.SetMenu(w.ctx, w.operator, w.acct.ID, []string{"compulsory-education"})
	if govmedia.ErrorCode(err) != govmedia.EFORBIDDEN ||
		govmedia.ErrorMessage(govmedia.Chinese, err) != "该公众号没有自定义菜单权限（需认证）" ||
		!strings.Contains(govmedia.ErrorMessage(govmedia.English, err), "must be verified") {
		t.Fatalf("an unverified account's menu: %v, want WeChat's 48001 told plainly", err)
	}
	if kept, _ := w.cit.Menu(w.ctx, w.operator, w.acct.ID); kept != nil {
		t.Fatalf("a refused menu was kept: %v", kept)
	}
}

// TestAClickIsAnsweredWithTheDomainsCatalog: a follower's press of the
// domain's button is answered, over WeChat's wire, with the domain's
// current items and links to their public pages; a key not made here gets
// the usage.
func TestAClickIsAnsweredWithTheDomainsCatalog(t *testing.T) {
	w := newMenuWorld(t)
	if err := w.cit.SetMenu(w.ctx, w.operator, w.acct.ID, []string{"compulsory-education"}); err != nil {
		t.Fatal(err)
	}
	const citizen = "oClickCitizen0000000000000001"
	if _, err := w.wx.Follow(w.creds.AppID, citizen); err != nil {
		t.Fatal(err)
	}
	reply, err := w.wx.Click(w.creds.AppID, citizen, "domain:compulsory-education")
	if err != nil || !reply.Encrypted {
		t.Fatalf("the click: %+v %v", reply, err)
	}
	for _, want := range []string{"义务教育领域公开事项（共 2 项）", "1. 学生资助 · 低保家庭学生资助",
		"https://gk.km.gov.cn/catalogs/km.wuhua/compulsory-education?q=%E4%BD%8E%E4%BF%9D%E5%AE%B6%E5%BA%AD%E5%AD%A6%E7%94%9F%E8%B5%84%E5%8A%A9",
		"2. 招生入学 · 入学政策", "全部公开事项：https://gk.km.gov.cn/catalogs/km.wuhua/compulsory-education\n"} {
		if !strings.Contains(reply.Content+"\n", want) {
			t.Errorf("the click's answer lacks %q:\n%s", want, reply.Content)
		}
	}
	answer, err := w.cit.Click(w.ctx, w.acct, "V1001_SOMETHING")
	if err != nil || !strings.Contains(answer, "回复“人工”") {
		t.Fatalf("a key not made here: %q %v, want the usage", answer, err)
	}
	answer, err = w.cit.Click(w.ctx, w.acct, "domain:social-assistance")
	if err != nil || !strings.Contains(answer, "社会救助领域的公开目录正在编制中") {
		t.Fatalf("a domain without a current catalog: %q %v", answer, err)
	}
}

// TestAMenuOfManyDomainsIsGroupedWithinWeChatsLimits: the layout keeps to
// 3 top-level buttons of 5 characters and 5 sub-buttons each, and WeChat
// takes it.
func TestAMenuOfManyDomainsIsGroupedWithinWeChatsLimits(t *testing.T) {
	w := newMenuWorld(t)
	names, err := w.Registry.DomainNames(w.ctx)
	if err != nil {
		t.Fatal(err)
	}
	var domains []citizens.MenuDomain
	for _, code := range []string{"state-land-housing-expropriation", "compulsory-education", "social-assistance", "elderly-care",
		"public-legal-services", "budget-final-accounts", "health-care"} {
		domains = append(domains, citizens.MenuDomain{Code: code, Name: names[code]})
	}
	buttons := citizens.MenuButtons(domains)
	if len(buttons) != 2 || buttons[0].Name != "公开事项一" || len(buttons[0].Sub) != 4 || len(buttons[1].Sub) != 3 ||
		buttons[0].Sub[0].Name != "国有土地上房屋征收" || buttons[1].Sub[2].Key != "domain:health-care" {
		t.Fatalf("seven domains laid out as %+v, want two groups of 4 and 3 in order", buttons)
	}
	client, err := w.clients.For(w.ctx, w.acct.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := client.SetMenu(w.ctx, buttons); err != nil {
		t.Fatalf("WeChat refused the layout: %v", err)
	}
	three := citizens.MenuButtons(domains[1:4])
	if len(three) != 3 || three[0].Name != "义务教育" || three[0].Sub != nil {
		t.Fatalf("three short domains laid out as %+v, want three top-level buttons", three)
	}
	if err := client.SetMenu(w.ctx, three); err != nil {
		t.Fatalf("WeChat refused the layout: %v", err)
	}
}
