package bot_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"govmedia/approvals"
	"govmedia/bot/telegramtest"
	"govmedia/registry"
)

// submitOpen takes a county department's open application to the county
// office's group and returns the card there.
func (w *world) submitOpen(p person, name string) telegramtest.Bubble {
	w.t.Helper()
	w.fillOpenForm(p, name)
	w.press(p, p.id, "✅ 提交")
	w.expect(p.id, "已提交")
	return w.expect(w.wuhuaGroup, name)
}

func TestReturnThenResubmitRestartsAtTheReturningOffice(t *testing.T) {
	t.Parallel()
	w := newWorld(t, worldOpts{})
	w.submitOpen(w.operator, "五华教育")
	w.press(w.reviewer, w.wuhuaGroup, "退回")
	prompt := w.expect(w.wuhuaGroup, "说明退回理由")
	if _, err := w.tg.Reply(w.wuhuaGroup, w.reviewer.id, prompt.MessageID, "名称请加“五华区”前缀"); err != nil {
		t.Fatal(err)
	}
	w.expect(w.wuhuaGroup, "↩️ 五华区人民政府办公室退回")
	w.expect(w.operator.id, "被五华区人民政府办公室退回修改。理由：名称请加“五华区”前缀")

	w.say(w.operator, "/my")
	w.press(w.operator, w.operator.id, "✏️ 修改 #")
	w.press(w.operator, w.operator.id, "账号名称")
	w.say(w.operator, "五华区教育体育局")
	w.press(w.operator, w.operator.id, "完成修改")
	w.expect(w.operator.id, "账号名称：五华区教育体育局")
	w.press(w.operator, w.operator.id, "✅ 提交")
	w.expect(w.operator.id, "已重新提交")
	card := w.expectCard(w.wuhuaGroup, "五华区教育体育局")
	if !strings.Contains(card.Text, "⏳ 五华区人民政府办公室") {
		t.Fatalf("the resubmitted application does not wait at the district office:\n%s", card.Text)
	}
	// The office that returned it sees what changed since.
	if !strings.Contains(card.Text, "退回后修改了：\n• 账号名称：五华教育 → 五华区教育体育局") {
		t.Errorf("the resubmitted card does not say what changed since it was returned:\n%s", card.Text)
	}
}

// TestAResubmittedPublicationSaysWhatChanged returns a notice and has its
// author replace the body only: the card says the body changed, and
// nothing else.
func TestAResubmittedPublicationSaysWhatChanged(t *testing.T) {
	w := newPublishingWorld(t)
	w.submitReturned(t, "本政府及下级", "发布（显示")
	w.reviseWithANewBody("本政府及下级", "发布（显示")
	w.press(w.operator, w.operator.id, "✅ 提交")
	card := w.expectCard(w.wuhuaGroup, "退回后修改了")
	if !strings.Contains(card.Text, "• 正文已修改") || strings.Contains(card.Text, "封面已更换") || strings.Contains(card.Text, "标题：") {
		t.Errorf("the resubmitted publication's card:\n%s", card.Text)
	}
}

func TestRejectIsFinalAndWithdrawEndsAnApplication(t *testing.T) {
	t.Parallel()
	w := newWorld(t, worldOpts{})
	w.submitOpen(w.operator, "五华教育一号")
	w.press(w.reviewer, w.wuhuaGroup, "不予批准")
	prompt := w.expect(w.wuhuaGroup, "不予批准的理由")
	if _, err := w.tg.Reply(w.wuhuaGroup, w.reviewer.id, prompt.MessageID, "与现有账号重复"); err != nil {
		t.Fatal(err)
	}
	w.expect(w.wuhuaGroup, "⛔ 五华区人民政府办公室不予批准")
	w.expect(w.operator.id, "未获批准（五华区人民政府办公室）。理由：与现有账号重复")

	w.submitOpen(w.operator, "五华教育二号")
	w.say(w.operator, "/my")
	w.press(w.operator, w.operator.id, "↩️ 撤回 #")
	w.press(w.operator, w.operator.id, "确认撤回")
	w.expect(w.operator.id, "已撤回申请")
	withdrawn := w.expect(w.wuhuaGroup, "已撤回")
	if !strings.Contains(withdrawn.Text, "五华教育二号") || strings.Contains(buttonsOf(withdrawn), "同意") {
		t.Errorf("the withdrawn application's card still offers a decision")
	}
	apps, _ := w.engine.Applications(context.Background(), approvals.Filter{ApplicantID: w.operator.member.ID})
	if len(apps) != 2 || apps[0].State != approvals.Withdrawn || apps[1].State != approvals.Rejected {
		t.Fatalf("applications %v, want one withdrawn and one rejected", states(apps))
	}
}

func states(apps []*approvals.Application) []approvals.State {
	var out []approvals.State
	for _, a := range apps {
		out = append(out, a.State)
	}
	return out
}

func TestOnlyTheOfficesDecidersCanPress(t *testing.T) {
	t.Parallel()
	w := newWorld(t, worldOpts{})
	w.submitOpen(w.operator, "五华教育")
	// The city's approver is not a member of the district group in the
	// stand-in, so have an outsider in the district group press.
	stranger := w.bind(2099, "路人", "km.xishan.office", registry.Reviewer)
	if _, err := w.tg.Join(w.wuhuaGroup, stranger.id); err != nil {
		t.Fatal(err)
	}
	ans := w.press(stranger, w.wuhuaGroup, "同意")
	if !ans.ShowAlert || !strings.Contains(ans.Text, "本群卡片上的审批应由五华区人民政府办公室的审核、审批人员处理") {
		t.Fatalf("an outsider's press was answered %+v, want an alert naming the office", ans)
	}
	ans = w.press(stranger, w.wuhuaGroup, "退回")
	if !ans.ShowAlert {
		t.Fatalf("an outsider's return was answered %+v, want an alert", ans)
	}
	app, _ := w.engine.Applications(context.Background(), approvals.Filter{})
	if app[0].State != approvals.Pending {
		t.Fatalf("the application is %s after an outsider's presses", app[0].State)
	}
}

func TestTwoApproversPressingAtOnceDecideOnce(t *testing.T) {
	t.Parallel()
	w := newWorld(t, worldOpts{})
	w.submitOpen(w.operator, "五华教育")
	w.press(w.reviewer, w.wuhuaGroup, "同意")
	msg, data := w.findButton(w.cityGroup, "同意")
	var wg sync.WaitGroup
	answers := make([]telegramtest.Press, 2)
	for i, p := range []person{w.approver, w.approver2} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			pr, err := w.tg.PressButton(telegramtest.ButtonPress{ChatID: w.cityGroup, From: p.id, MessageID: msg, Data: data})
			if err != nil {
				t.Error(err)
				return
			}
			answers[i] = w.answered(w.cityGroup, msg, pr.QueryID)
		}()
	}
	wg.Wait()
	won, lost := 0, 0
	for _, a := range answers {
		switch {
		case strings.Contains(a.Text, "已同意"):
			won++
		case a.ShowAlert && strings.Contains(a.Text, "已由"):
			lost++
		}
	}
	if won != 1 || lost != 1 {
		t.Fatalf("answers %+v: want one decision and one \"already decided by\" alert", answers)
	}
	var accounts int
	_ = w.env.DB.NewRaw("SELECT count(*) FROM accounts").Scan(context.Background(), &accounts)
	if accounts != 1 {
		t.Fatalf("%d accounts, want exactly 1", accounts)
	}
}
