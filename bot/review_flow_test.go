package bot_test

import (
	"context"
	"strings"
	"testing"

	"govmedia/approvals"
	"govmedia/bot/telegramtest"
)

// TestPendingOpensTheCardWithItsDecisions lists the county office's queue
// in its group and in a reviewer's private chat: each says how many wait
// without a range of one ("第 1–1 件") or a wait of "0 小时", and 处理 brings
// up the card with its decision buttons and its deadline, which the bot
// then keeps up to date (the card posted before gives up its buttons).
func TestPendingOpensTheCardWithItsDecisions(t *testing.T) {
	t.Parallel()
	w := newWorld(t, worldOpts{})
	first := w.submitOpen(w.operator, "五华教育")
	if _, err := w.tg.SendText(w.wuhuaGroup, w.reviewer.id, "/pending"); err != nil {
		t.Fatal(err)
	}
	list := w.expect(w.wuhuaGroup, "五华区人民政府办公室待办")
	for _, bad := range []string{"1–1", "0 小时"} {
		if strings.Contains(list.Text, bad) {
			t.Errorf("the queue reads %q:\n%s", bad, list.Text)
		}
	}
	if !strings.Contains(list.Text, "共 1 件") || !strings.Contains(list.Text, "已等不到 1 小时") {
		t.Errorf("the queue:\n%s", list.Text)
	}
	w.press(w.reviewer, w.wuhuaGroup, "处理申请 #1")
	card := w.expectAfter(w.wuhuaGroup, "开设账号申请 #1", list.MessageID)
	if !strings.Contains(buttonsOf(card), "同意") || !strings.Contains(card.Text, "⏳ 请在") {
		t.Fatalf("处理 brought up a card without decisions or deadline:\n%s\n%s", card.Text, buttonsOf(card))
	}
	if !w.waitMessage(w.wuhuaGroup, first.MessageID, func(m telegramtest.Bubble) bool { return !strings.Contains(buttonsOf(m), "同意") }) {
		t.Errorf("the card posted before still offers decisions beside the one brought up")
	}
	w.say(w.reviewer, "/pending")
	w.press(w.reviewer, w.reviewer.id, "处理申请 #1")
	private := w.expect(w.reviewer.id, "开设账号申请 #1")
	if !strings.Contains(buttonsOf(private), "同意") {
		t.Fatalf("处理 in private brought up a card without decisions:\n%s", buttonsOf(private))
	}
	w.press(w.reviewer, w.reviewer.id, "同意")
	decided := w.expect(w.reviewer.id, "✅ 五华区人民政府办公室 — 李强")
	if strings.Contains(buttonsOf(decided), "同意") {
		t.Errorf("the card brought up in private was not redrawn once decided")
	}
}

// TestTheLastApprovalSaysTheApplicationIsApproved approves at the county
// and at the city: the first toast names the office it goes on to, the
// last says the application is approved, not that it moves on.
func TestTheLastApprovalSaysTheApplicationIsApproved(t *testing.T) {
	t.Parallel()
	w := newWorld(t, worldOpts{})
	w.submitOpen(w.operator, "五华教育")
	if ans := w.press(w.reviewer, w.wuhuaGroup, "同意"); !strings.Contains(ans.Text, "现转昆明市人民政府办公室审批") {
		t.Errorf("the county's approval was answered %q", ans.Text)
	}
	w.expectCard(w.cityGroup, "五华教育")
	ans := w.press(w.approver, w.cityGroup, "同意")
	if !strings.Contains(ans.Text, "申请已获批准") || strings.Contains(ans.Text, "下一环节") || strings.Contains(ans.Text, "现转") {
		t.Errorf("the last approval was answered %q", ans.Text)
	}
}

// TestAReasonTypedBesideTheQuestionIsExplained has a reviewer press 退回
// and type the reason into the group without replying to the question
// (the bot reads the group, as an administrator of it does): the bot says
// to reply to the question, under the question; the reply then returns it.
func TestAReasonTypedBesideTheQuestionIsExplained(t *testing.T) {
	t.Parallel()
	w := newWorld(t, worldOpts{tg: telegramtest.Options{ReadAllGroupMessages: true}})
	w.submitOpen(w.operator, "五华教育")
	w.press(w.reviewer, w.wuhuaGroup, "退回")
	prompt := w.expect(w.wuhuaGroup, "说明退回理由")
	if _, err := w.tg.SendText(w.wuhuaGroup, w.reviewer.id, "名称请加“五华区”前缀"); err != nil {
		t.Fatal(err)
	}
	hint := w.expectAfter(w.wuhuaGroup, "请回复上面这条提问", prompt.MessageID)
	if hint.ReplyTo != prompt.MessageID || !strings.Contains(hint.Text, "李强") {
		t.Fatalf("the explanation is not under the question, addressed to the reviewer: %+v", hint)
	}
	if _, err := w.tg.Reply(w.wuhuaGroup, w.reviewer.id, prompt.MessageID, "名称请加“五华区”前缀"); err != nil {
		t.Fatal(err)
	}
	w.expect(w.wuhuaGroup, "↩️ 五华区人民政府办公室退回")
	if _, err := w.tg.SendText(w.wuhuaGroup, w.reviewer.id, "好的，已处理"); err != nil {
		t.Fatal(err)
	}
	w.say(w.reviewer, "/help") // handled after the group's message, in another chat: wait for it instead
	w.expect(w.reviewer.id, "审核人")
	for _, m := range w.botMessages(w.wuhuaGroup) {
		if strings.Count(m, "请回复上面这条提问") > 1 {
			t.Errorf("the bot explained again once the reason was given")
		}
	}
}

// TestWithdrawingAndUnbindingAskToConfirm presses 撤回 and 解除: each asks
// first; "keep" changes nothing, and only the confirmation acts.
func TestWithdrawingAndUnbindingAskToConfirm(t *testing.T) {
	t.Parallel()
	w := newWorld(t, worldOpts{})
	w.submitOpen(w.operator, "五华教育")
	w.say(w.operator, "/my")
	w.press(w.operator, w.operator.id, "撤回 #1")
	w.expect(w.operator.id, "确定撤回申请 #1（开设「五华教育」）吗")
	w.press(w.operator, w.operator.id, "不了，保持原样")
	w.expect(w.operator.id, "没有做任何改动")
	app, err := w.engine.Application(context.Background(), 1)
	if err != nil || app.State != approvals.Pending {
		t.Fatalf("the application is %v (%v) after keeping it", app.State, err)
	}
	w.press(w.operator, w.operator.id, "撤回 #1")
	w.press(w.operator, w.operator.id, "确认撤回")
	w.expect(w.operator.id, "已撤回申请 #1")

	w.say(w.admin, "/members")
	w.press(w.admin, w.admin.id, "解除王芳")
	w.expect(w.admin.id, "确定解除王芳（五华区教育体育局·运营人员）的绑定吗")
	if m, err := w.env.Registry.MemberByTelegram(context.Background(), w.operator.id); err != nil || m == nil {
		t.Fatalf("王芳 was unbound before the admin confirmed: %v", err)
	}
	w.press(w.admin, w.admin.id, "确认解除")
	w.expect(w.admin.id, "已解除王芳的绑定")
	if _, err := w.env.Registry.MemberByTelegram(context.Background(), w.operator.id); err == nil {
		t.Errorf("王芳 is still bound after the admin confirmed")
	}
}
