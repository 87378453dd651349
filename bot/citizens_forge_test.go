package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"govmedia"
	"govmedia/bot/telegramtest"
	"govmedia/citizens"
	"govmedia/publish/wechattest"
	"govmedia/registry"
	"govmedia/registry/registrytest"
)

// directQuestion has a citizen ask an account a question through the
// citizens service itself (the wire is tested elsewhere), and returns it.
func (cw *citizensWorld) directQuestion(a *registry.Account, openid, text string) int64 {
	cw.t.Helper()
	ctx := context.Background()
	acct := citizens.Account{ID: a.ID, AppID: a.AppID, Name: a.Name, HostOrg: a.HostOrg}
	if _, err := cw.cit.Message(ctx, acct, openid, "人工："+text, cw.env.Clock.Now()); err != nil {
		cw.t.Fatal(err)
	}
	var id int64
	err := cw.env.DB.NewSelect().Table("questions").Column("id").Where("account_id = ?", a.ID).OrderExpr("id DESC").Limit(1).Scan(ctx, &id)
	if err != nil {
		cw.t.Fatal(err)
	}
	return id
}

// questionRow is a question as stored, to tell that nothing changed.
func (cw *citizensWorld) questionRow(id int64) string {
	cw.t.Helper()
	var row struct {
		State, OrgCode string
		HandledAt      time.Time
		Messages       int
	}
	err := cw.env.DB.NewSelect().Table("questions").ColumnExpr("state, org_code, coalesce(handled_at, 'epoch') AS handled_at").
		ColumnExpr("(SELECT count(*) FROM question_messages WHERE question_id = ?) AS messages", id).Where("id = ?", id).Scan(context.Background(), &row)
	if err != nil {
		cw.t.Fatal(err)
	}
	return fmt.Sprintf("%+v", row)
}

// TestForgedQuestionButtonsRevealNothingAndChangeNothing forges the
// buttons of a question card with the question of another unit, a handled
// one, one that does not exist and malformed data: each press is answered
// as not found (or, for the unit's own handled question, as handled),
// shows nothing of the other unit's question, starts no form, and leaves
// every question as it was.
func TestForgedQuestionButtonsRevealNothingAndChangeNothing(t *testing.T) {
	cw := newCitizensWorld(t)
	ctx := context.Background()
	f := registrytest.WeChat("华山街道")
	f.OriginalID, f.AppID = "gh_000000000012", "wx0000000000000012"
	other, err := cw.env.Registry.CreateAccount(ctx, cw.env.DB, "km.wuhua.huashan", f, registry.Active,
		registry.Change{Actor: govmedia.Operator("t"), Action: "account.import"})
	if err != nil {
		t.Fatal(err)
	}
	op := cw.operator.id
	cw.say(cw.operator, "/help")
	cw.expect(op, "运营人员")
	theirs := cw.directQuestion(other, "oForgeCitizen000000000000001", "华山密事一桩")
	handled := cw.directQuestion(cw.acct, "oForgeCitizen000000000000002", "已经办好的事")
	card := cw.expectWith(op, "已经办好的事", "回复")
	if _, err := cw.cit.Handle(ctx, cw.operator.member, handled); err != nil {
		t.Fatal(err)
	}
	if !cw.waitMessage(op, card.MessageID, func(m telegramtest.Bubble) bool { return strings.Contains(m.Text, "办结") && buttonsOf(m) == "" }) {
		t.Fatal("the handled question's card kept its buttons")
	}
	before := map[int64]string{theirs: cw.questionRow(theirs), handled: cw.questionRow(handled)}
	presses := map[string]string{
		fmt.Sprintf("q:r:%d", theirs): "找不到", fmt.Sprintf("q:h:%d", theirs): "找不到", fmt.Sprintf("q:t:%d", theirs): "找不到",
		fmt.Sprintf("q:r:%d", handled): "已办结", fmt.Sprintf("q:t:%d", handled): "已办结", fmt.Sprintf("q:h:%d", handled): "已办结",
		"q:r:99999999": "找不到", "q:h:99999999": "找不到", "q:t:99999999": "找不到",
		"q:r:abc": "找不到", "q:z:1": "", "q:r": "", "q:r:1:2": "",
	}
	for data, want := range presses {
		pr, err := cw.tg.ForgePress(telegramtest.ButtonPress{ChatID: op, From: op, MessageID: card.MessageID, Data: data})
		if err != nil {
			t.Fatal(err)
		}
		got := cw.answered(op, card.MessageID, pr.QueryID)
		if !strings.Contains(got.Text, want) || (want != "" && !got.ShowAlert) {
			t.Errorf("%s answered %q, want an alert with %q", data, got.Text, want)
		}
	}
	for _, m := range cw.botMessages(op) {
		if strings.Contains(m, "华山") {
			t.Errorf("a forged press revealed the other unit's question:\n%s", m)
		}
	}
	for id, was := range before {
		if now := cw.questionRow(id); now != was {
			t.Errorf("question %d changed: %s, was %s", id, now, was)
		}
	}
	if n, _ := cw.env.DB.NewSelect().Table("bot_sessions").Where("telegram_user_id = ?", op).Count(ctx); n != 0 {
		t.Errorf("a forged press started a form")
	}
	if n := cw.countIn(op, "请输入对留言"); n != 0 {
		t.Errorf("a forged press asked for a reply")
	}
}

// replyFromCard presses Reply on a card, types text and submits it.
func (cw *citizensWorld) replyFromCard(p person, card telegramtest.Bubble, reply, text, submit string) {
	cw.t.Helper()
	_, data := cw.buttonOn(p.id, card.MessageID, reply)
	pr, err := cw.tg.PressButton(telegramtest.ButtonPress{ChatID: p.id, From: p.id, MessageID: card.MessageID, Data: data})
	if err != nil {
		cw.t.Fatal(err)
	}
	cw.answered(p.id, card.MessageID, pr.QueryID)
	asked := cw.expectAfter(p.id, "#", card.MessageID)
	cw.say(p, text)
	cw.expectAfter(p.id, text, asked.MessageID)
	cw.press(p, p.id, submit)
}

// buttonOn is the data of the button labelled label on message msg.
func (cw *citizensWorld) buttonOn(chat int64, msg int, label string) (int, string) {
	cw.t.Helper()
	v, err := cw.tg.View(chat)
	if err != nil {
		cw.t.Fatal(err)
	}
	for _, m := range v.Messages {
		if m.MessageID != msg || m.Markup == nil {
			continue
		}
		for _, row := range m.Markup.InlineKeyboard {
			for _, b := range row {
				if strings.Contains(b.Text, label) {
					return msg, b.CallbackData
				}
			}
		}
	}
	cw.t.Fatalf("no button %q on message %d", label, msg)
	return 0, ""
}

// TestWeChatRefusalsAreToldInTheOperatorsLanguage: when WeChat refuses a
// reply (48001: the account may not send customer-service messages; 45047:
// the window's messages are used up), the operator who wrote it is told
// why and what to do, in their own language, and the card says the reply
// did not reach the citizen.
func TestWeChatRefusalsAreToldInTheOperatorsLanguage(t *testing.T) {
	cw := newCitizensWorld(t)
	const citizen = "oRefusedCitizen00000000000001"
	op := cw.operator.id
	cw.say(cw.operator, "/help")
	cw.expect(op, "运营人员")
	if _, err := cw.wx.Follow(cw.creds.AppID, citizen); err != nil {
		t.Fatal(err)
	}
	cw.ask(citizen, "路灯坏了没人修")
	card := cw.expectWith(op, "路灯坏了没人修", "回复")
	const path = "/cgi-bin/message/custom/send"
	cw.wx.Inject(wechattestFault(cw.creds.AppID, path, 48001))
	cw.replyFromCard(cw.operator, card, "回复", "第一次回复", "提交")
	note := cw.expect(op, "的回复未能送达")
	if !strings.Contains(note.Text, "没有客服消息权限") || !strings.Contains(note.Text, "认证") {
		t.Fatalf("the 48001 note: %s", note.Text)
	}
	if !cw.waitMessage(op, card.MessageID, func(m telegramtest.Bubble) bool { return strings.Contains(m.Text, "未能送达") }) {
		t.Fatal("the card never said the reply did not reach the citizen")
	}
	cw.say(cw.operator, "/lang")
	cw.expect(op, "Language set to English")
	cw.wx.Inject(wechattestFault(cw.creds.AppID, path, 45047))
	cw.replyFromCard(cw.operator, card, "回复", "second reply", "Submit")
	note = cw.expect(op, "did not reach")
	if !strings.Contains(note.Text, "no more replies") || !strings.Contains(note.Text, "writes again") {
		t.Fatalf("the 45047 note: %s", note.Text)
	}
	if sent := cw.wx.CustomMessages(cw.creds.AppID); len(sent) != 0 {
		t.Fatalf("refused replies were recorded as sent: %+v", sent)
	}
}

// wechattestFault makes WeChat answer the next call of path with errcode.
func wechattestFault(appid, path string, errcode int) wechattest.Fault {
	return wechattest.Fault{AppID: appid, Path: path, ErrCode: errcode, Times: 1}
}

// TestAQuestionHandedOverGoesToTheOtherUnitsGroup: the citizen's text is
// shown as written (not taken for HTML); the operator hands a
// question over to the street office, picked by part of its name; the
// card in the operator's chat says to whom and loses its buttons, and a
// card comes to the street office's group; pressed there, Reply asks for
// the reply in the presser's private chat, and Handled closes the
// question, its card without buttons.
func TestAQuestionHandedOverGoesToTheOtherUnitsGroup(t *testing.T) {
	cw := newCitizensWorld(t)
	op, street := cw.operator.id, int64(-1002003)
	cw.group(street, "华山街道办事处工作群", "km.wuhua.huashan", cw.township.id)
	for _, p := range []person{cw.operator, cw.township} {
		cw.say(p, "/help")
		cw.expect(p.id, "运营人员")
	}
	if _, err := cw.wx.Follow(cw.creds.AppID, "oHandedCitizen0000000000001"); err != nil {
		t.Fatal(err)
	}
	cw.ask("oHandedCitizen0000000000001", "街道的垃圾没人收<b>&amp;")
	card := cw.expectWith(op, "街道的垃圾没人收<b>&amp;", "转办") // shown as written, not as HTML
	_, data := cw.buttonOn(op, card.MessageID, "转办")
	if _, err := cw.tg.PressButton(telegramtest.ButtonPress{ChatID: op, From: op, MessageID: card.MessageID, Data: data}); err != nil {
		t.Fatal(err)
	}
	cw.expect(op, "转办给哪个单位")
	cw.say(cw.operator, "华山")
	cw.press(cw.operator, op, "华山街道办事处")
	cw.expect(op, "转办给五华区华山街道办事处")
	cw.press(cw.operator, op, "提交")
	cw.expect(op, "已转办给五华区华山街道办事处")
	if !cw.waitMessage(op, card.MessageID, func(m telegramtest.Bubble) bool {
		return strings.Contains(m.Text, "已转办给五华区华山街道办事处") && buttonsOf(m) == ""
	}) {
		t.Fatal("the operator's card was not marked handed over")
	}
	theirs := cw.expectWith(street, "街道的垃圾没人收", "回复")
	_, data = cw.buttonOn(street, theirs.MessageID, "回复")
	pr, err := cw.tg.PressButton(telegramtest.ButtonPress{ChatID: street, From: cw.township.id, MessageID: theirs.MessageID, Data: data})
	if err != nil {
		t.Fatal(err)
	}
	if got := cw.answered(street, theirs.MessageID, pr.QueryID); !strings.Contains(got.Text, "私聊") {
		t.Fatalf("Reply in the group answered %q, want to go on in private", got.Text)
	}
	cw.expect(cw.township.id, "请输入对留言")
	cw.say(cw.township, "/cancel")
	_, data = cw.buttonOn(street, theirs.MessageID, "已办结")
	if _, err := cw.tg.PressButton(telegramtest.ButtonPress{ChatID: street, From: cw.township.id, MessageID: theirs.MessageID, Data: data}); err != nil {
		t.Fatal(err)
	}
	if !cw.waitMessage(street, theirs.MessageID, func(m telegramtest.Bubble) bool {
		return strings.Contains(m.Text, "赵磊于") && buttonsOf(m) == ""
	}) {
		t.Fatal("the street office's card was not closed as handled")
	}
}
