package bot_test

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"govmedia/bot/telegramtest"
	"govmedia/registry/registrytest"
)

// botMessage is the first bot message of chat that contains want.
func (w *world) botMessage(chat int64, want string) telegramtest.Bubble {
	w.t.Helper()
	v, err := w.tg.View(chat)
	if err != nil {
		w.t.Fatal(err)
	}
	for _, m := range v.Messages {
		if m.FromBot && strings.Contains(m.Text, want) {
			return m
		}
	}
	w.t.Fatalf("no bot message with %q in chat %d", want, chat)
	return telegramtest.Bubble{}
}

// TestAChosenAnswerStaysVisible fills the open form: each question whose
// buttons went once answered shows the answer under it (the option chosen,
// the domains ticked, a skip, the phone kept sealed), so that the chat
// reads as a record of what was answered.
func TestAChosenAnswerStaysVisible(t *testing.T) {
	t.Parallel()
	w := newWorld(t, worldOpts{})
	w.fillOpenForm(w.operator, "五华教育")
	for question, answer := range map[string]string{
		"请选择申请类型": "👉 🆕 开设新账号", "账号开设在哪个平台": "👉 微信公众号", "订阅号还是服务号": "👉 订阅号",
		"请输入运营单位": "👉 （跳过）", "是否由第三方机构运营": "👉 否", "负责人联系电话": "👉 已加密保存",
		"试点领域": "👉 义务教育、公共文化服务",
	} {
		m := w.botMessage(w.operator.id, question)
		if !strings.Contains(m.Text, answer) || buttonsOf(m) != "" {
			t.Errorf("the question %q reads, once answered:\n%s\nbuttons: %s; want %q under it and no buttons", question, m.Text, buttonsOf(m), answer)
		}
	}
}

// TestTheSummaryGoesToAnyFieldAndBack fills the open form, then from the
// summary changes the person in charge (straight back to the summary), the
// platform to Weibo (no WeChat kind left), and back to WeChat (which asks
// the kind it now lacks, then comes back).
func TestTheSummaryGoesToAnyFieldAndBack(t *testing.T) {
	t.Parallel()
	w := newWorld(t, worldOpts{})
	w.fillOpenForm(w.operator, "五华教育")
	last := w.lastMessageID(w.operator.id)
	w.press(w.operator, w.operator.id, "✏️ 负责人")
	asked := w.expectAfter(w.operator.id, "负责人姓名", last)
	w.say(w.operator, "李华")
	summary := w.expectAfter(w.operator.id, "请核对", asked.MessageID)
	if !strings.Contains(summary.Text, "负责人：李华") || summary.MessageID != asked.MessageID+2 {
		t.Fatalf("after the person in charge, want the summary at once with the new name:\n%s", summary.Text)
	}
	w.press(w.operator, w.operator.id, "✏️ 平台")
	w.expectAfter(w.operator.id, "哪个平台", summary.MessageID)
	w.press(w.operator, w.operator.id, "微博")
	weibo := w.expectAfter(w.operator.id, "请核对", summary.MessageID)
	if !strings.Contains(weibo.Text, "平台：微博") || strings.Contains(weibo.Text, "公众号类型") {
		t.Fatalf("the summary after the platform became Weibo:\n%s", weibo.Text)
	}
	w.press(w.operator, w.operator.id, "✏️ 平台")
	w.expectAfter(w.operator.id, "哪个平台", weibo.MessageID)
	w.press(w.operator, w.operator.id, "微信公众号")
	kind := w.expectAfter(w.operator.id, "订阅号还是服务号", weibo.MessageID)
	w.press(w.operator, w.operator.id, "服务号")
	back := w.expectAfter(w.operator.id, "请核对", kind.MessageID)
	if !strings.Contains(back.Text, "公众号类型：服务号") || !strings.Contains(back.Text, "负责人：李华") {
		t.Fatalf("the summary after WeChat again:\n%s", back.Text)
	}
	w.press(w.operator, w.operator.id, "✅ 提交")
	card := w.expectCard(w.wuhuaGroup, "五华教育")
	if !strings.Contains(card.Text, "服务号") || !strings.Contains(card.Text, "李华") {
		t.Errorf("the card lacks the changed answers:\n%s", card.Text)
	}
}

// TestMyIsOneMessageThatPages submits seven applications: /my answers in
// one message, five a page, whose buttons turn the page and switch to the
// unit's accounts in place.
func TestMyIsOneMessageThatPages(t *testing.T) {
	t.Parallel()
	w := newWorld(t, worldOpts{})
	for i := range 7 {
		if _, err := w.engine.SubmitOpen(context.Background(), w.operator.member, registrytest.WeChat(fmt.Sprintf("五华教育%d号", i+1))); err != nil {
			t.Fatal(err)
		}
	}
	w.say(w.operator, "/my")
	first := w.expect(w.operator.id, "第 1/2 页")
	w.say(w.operator, "/help")
	w.expect(w.operator.id, "的运营人员")
	if n := w.lastMessageID(w.operator.id); n != first.MessageID+2 {
		t.Errorf("/my answered in %d messages; want one", n-first.MessageID)
	}
	if !strings.Contains(first.Text, "我的申请（共 7 件") || !strings.Contains(first.Text, "五华教育7号") || strings.Contains(first.Text, "五华教育1号") {
		t.Errorf("the first page:\n%s", first.Text)
	}
	w.press(w.operator, w.operator.id, "下一页")
	if !w.waitMessage(w.operator.id, first.MessageID, func(m telegramtest.Bubble) bool {
		return strings.Contains(m.Text, "第 2/2 页") && strings.Contains(m.Text, "五华教育1号") && strings.Contains(buttonsOf(m), "撤回 #1")
	}) {
		t.Fatalf("下一页 did not turn /my's message to the second page")
	}
	w.press(w.operator, w.operator.id, "本单位的账号（0）")
	if !w.waitMessage(w.operator.id, first.MessageID, func(m telegramtest.Bubble) bool { return strings.Contains(m.Text, "本单位还没有账号") }) {
		t.Fatalf("the accounts did not replace the applications in the same message")
	}
}

// TestAccountByPartOfItsName asks /account for part of a name: the
// matching accounts are offered as buttons, one of which shows it.
func TestAccountByPartOfItsName(t *testing.T) {
	t.Parallel()
	w := newWorld(t, worldOpts{})
	w.activeAccount("km.wuhua.dept.edu", "五华教育")
	w.activeAccount("km.wuhua.dept.mz", "五华民政")
	w.say(w.reviewer, "/account 五华")
	offer := w.expect(w.reviewer.id, "名称含“五华”的账号有 2 个")
	if b := buttonsOf(offer); !strings.Contains(b, "五华教育（微信公众号）· 五华区教育体育局") || !strings.Contains(b, "五华民政") {
		t.Fatalf("the accounts offered: %s", b)
	}
	w.press(w.reviewer, w.reviewer.id, "五华民政")
	w.expect(w.reviewer.id, "五华民政（微信公众号） · 运营中")
}

// TestApproversSeeThePhoneInFull submits an open application: the card
// in the group masks the phone, and the details sent privately to a
// reviewer on its chain, whom the form promised the phone to, show it.
func TestApproversSeeThePhoneInFull(t *testing.T) {
	t.Parallel()
	w := newWorld(t, worldOpts{})
	card := w.submitOpen(w.operator, "五华教育")
	if strings.Contains(card.Text, "13987654321") || !strings.Contains(card.Text, "139****4321") {
		t.Fatalf("the group's card:\n%s", card.Text)
	}
	w.say(w.reviewer, "/help") // a private chat with the bot, which details go to
	w.expect(w.reviewer.id, "审核人")
	w.press(w.reviewer, w.wuhuaGroup, "详情")
	details := w.expect(w.reviewer.id, "开设账号申请 #1")
	if !strings.Contains(details.Text, "联系电话：13987654321") {
		t.Errorf("the reviewer's details do not show the phone in full:\n%s", details.Text)
	}
}

// latinWords finds Latin words in Chinese labels, but the platform codes
// people read there.
var latinWords = regexp.MustCompile(`[A-Za-z]{2,}`)

var latinInLabels = []string{"AppID", "AppSecret", "Token", "EncodingAESKey", "ID"}

// TestButtonsPeoplePressAreChinese walks a clerk's week in Chinese (an
// application up to its approval, /my, /pending, /members, /invite, a
// bind) and finds no English in any button pressed or offered, nor in the
// command menu; after /lang the menu is English, whatever the app's
// language, and /lang again brings Chinese back.
func TestButtonsPeoplePressAreChinese(t *testing.T) {
	t.Parallel()
	w := newWorld(t, worldOpts{})
	w.submitOpen(w.operator, "五华教育")
	w.press(w.reviewer, w.wuhuaGroup, "同意")
	w.expectCard(w.cityGroup, "五华教育")
	w.press(w.approver, w.cityGroup, "同意")
	w.expect(w.operator.id, "已获批准")
	w.say(w.operator, "/my")
	w.press(w.operator, w.operator.id, "本单位的账号")
	w.expect(w.operator.id, "本单位的账号（共 1 个）")
	w.press(w.operator, w.operator.id, "绑定五华教育")
	w.expect(w.operator.id, "公众号原始ID")
	w.say(w.operator, "/cancel")
	w.say(w.operator, "/apply")
	w.press(w.operator, w.operator.id, "关停账号")
	w.expect(w.operator.id, "请选择账号")
	w.press(w.operator, w.operator.id, "五华教育（微信公众号）")
	w.expect(w.operator.id, "关停理由")
	w.say(w.operator, "/cancel")
	w.say(w.reviewer, "/pending")
	w.expect(w.reviewer.id, "待办")
	w.say(w.admin, "/members")
	w.expect(w.admin.id, "成员")
	w.say(w.admin, "/invite")
	w.press(w.admin, w.admin.id, "五华区人民政府及下属单位")
	w.expect(w.admin.id, "当前：五华区人民政府及其下属单位")
	for _, chat := range []int64{w.operator.id, w.reviewer.id, w.admin.id, w.wuhuaGroup, w.cityGroup} {
		v, err := w.tg.View(chat)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range v.Messages {
			for _, p := range m.Presses {
				checkChinese(t, "pressed", p.Data, labelOf(m, p.Data))
			}
			if m.Markup != nil {
				for _, row := range m.Markup.InlineKeyboard {
					for _, b := range row {
						checkChinese(t, "offered", b.CallbackData, b.Text)
					}
				}
			}
		}
	}
	menu := func() string {
		cmds, err := w.tg.CommandsFor(w.operator.id, w.operator.id)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, c := range cmds {
			out = append(out, c.Description)
		}
		return strings.Join(out, " | ")
	}
	for _, d := range strings.Split(menu(), " | ") {
		checkChinese(t, "menu", "", d)
	}
	w.say(w.operator, "/lang")
	w.expect(w.operator.id, "English")
	if m := menu(); !strings.Contains(m, "Apply to open, change or close") {
		t.Errorf("after /lang the operator's menu is %q; want English", m)
	}
	w.say(w.operator, "/lang")
	w.expect(w.operator.id, "已切换为中文")
	if m := menu(); !strings.Contains(m, "申请开设、变更、关停账号") {
		t.Errorf("after /lang again the operator's menu is %q; want Chinese", m)
	}
}

// labelOf is the label of the button of m with data (once pressed, a
// button may be gone: "").
func labelOf(m telegramtest.Bubble, data string) string {
	if m.Markup == nil {
		return ""
	}
	for _, row := range m.Markup.InlineKeyboard {
		for _, b := range row {
			if b.CallbackData == data {
				return b.Text
			}
		}
	}
	return ""
}

func checkChinese(t *testing.T, what, data, label string) {
	t.Helper()
	for _, word := range latinWords.FindAllString(label, -1) {
		if !slices.Contains(latinInLabels, word) {
			t.Errorf("a button %s (%s) reads %q: English word %q", what, data, label, word)
		}
	}
}

// TestInviteFindsAUnitByPartOfItsName types part of a unit's name into
// /invite: the units that hold it are listed by name, counted rightly.
func TestInviteFindsAUnitByPartOfItsName(t *testing.T) {
	t.Parallel()
	w := newWorld(t, worldOpts{})
	w.say(w.admin, "/invite")
	asked := w.expect(w.admin.id, "为哪个单位生成邀请")
	w.say(w.admin, "华山")
	found := w.expectAfter(w.admin.id, "名称含“华山”的单位（1 个）", asked.MessageID)
	if !strings.Contains(buttonsOf(found), "五华区华山街道办事处") {
		t.Fatalf("the units found: %s", buttonsOf(found))
	}
	w.press(w.admin, w.admin.id, "五华区华山街道办事处")
	w.press(w.admin, w.admin.id, "管理员")
	summary := w.expect(w.admin.id, "请核对")
	if !strings.Contains(summary.Text, "单位：五华区华山街道办事处") || !strings.Contains(summary.Text, "角色：管理员") {
		t.Fatalf("the invite's summary:\n%s", summary.Text)
	}
}
