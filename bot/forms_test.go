package bot_test

import (
	"context"
	"strings"
	"testing"

	"govmedia/approvals"
	"govmedia/registry"
	"govmedia/registry/registrytest"
)

// approvedAccount opens an account for p directly through the engine.
func (w *world) approvedAccount(p person, name string) *registry.Account {
	w.t.Helper()
	ctx := context.Background()
	app, err := w.engine.SubmitOpen(ctx, p.member, registrytest.WeChat(name))
	if err != nil {
		w.t.Fatal(err)
	}
	for app.State == approvals.Pending {
		step := app.PendingStep()
		decider := w.reviewer.member
		if step.OfficeOrg == "km.office" {
			decider = w.approver.member
		}
		out, err := w.engine.Decide(ctx, decider, step.ID, approvals.Approve, "")
		if err != nil {
			w.t.Fatal(err)
		}
		app, _ = w.engine.Application(ctx, out.Application.ID)
	}
	a, err := w.env.Registry.Account(ctx, app.SubjectID)
	if err != nil {
		w.t.Fatal(err)
	}
	return a
}

func TestChangeShowsTheDiffAndIsApplied(t *testing.T) {
	t.Parallel()
	w := newWorld(t, worldOpts{})
	a := w.approvedAccount(w.operator, "五华教育")
	w.say(w.operator, "/apply")
	w.press(w.operator, w.operator.id, "变更账号信息")
	w.press(w.operator, w.operator.id, "五华教育（微信公众号）")
	w.press(w.operator, w.operator.id, "负责人")
	w.expect(w.operator.id, "当前：张三")
	w.say(w.operator, "李四")
	w.expect(w.operator.id, "负责人：张三 → 李四")
	w.press(w.operator, w.operator.id, "完成修改")
	w.press(w.operator, w.operator.id, "✅ 提交")
	w.expect(w.operator.id, "已提交")
	card := w.expectCard(w.wuhuaGroup, "变更账号申请")
	if !strings.Contains(card.Text, "负责人：张三 → 李四") {
		t.Fatalf("the card does not show the diff:\n%s", card.Text)
	}
	w.press(w.reviewer, w.wuhuaGroup, "同意")
	w.expectCard(w.cityGroup, "变更账号申请")
	w.press(w.approver, w.cityGroup, "同意")
	w.expect(w.operator.id, "已获批准")
	got, _ := w.env.Registry.Account(context.Background(), a.ID)
	if got.PersonInCharge != "李四" || got.Version != 2 {
		t.Fatalf("account after the change: %s v%d", got.PersonInCharge, got.Version)
	}
}

func TestCloseAsksReasonSuccessorAndNotice(t *testing.T) {
	t.Parallel()
	w := newWorld(t, worldOpts{})
	w.approvedAccount(w.operator, "五华教育旧号")
	w.say(w.operator, "/apply")
	w.press(w.operator, w.operator.id, "关停账号")
	w.press(w.operator, w.operator.id, "五华教育旧号")
	w.expect(w.operator.id, "关停理由")
	w.say(w.operator, "与新号合并")
	w.press(w.operator, w.operator.id, "无（不合并）")
	w.expect(w.operator.id, "公告期")
	w.say(w.operator, "500")
	w.expect(w.operator.id, "公告期应为 0 到 180 天")
	w.press(w.operator, w.operator.id, "15 天")
	w.press(w.operator, w.operator.id, "✅ 提交")
	card := w.expectCard(w.wuhuaGroup, "关停账号申请")
	if !strings.Contains(card.Text, "与新号合并（公告期 15 天）") {
		t.Fatalf("the close card lacks the reason and notice:\n%s", card.Text)
	}
}

func TestBadInputAtEveryStepIsExplainedAndTheQuestionStands(t *testing.T) {
	t.Parallel()
	w := newWorld(t, worldOpts{})
	p := w.operator
	w.approvedAccount(p, "五华教育")
	w.say(p, "/apply")
	w.press(p, p.id, "开设新账号")
	w.say(p, "脸书")
	w.expect(p.id, "请按消息下方的按钮选择")
	w.press(p, p.id, "微信公众号")
	w.say(p, "企业号")
	w.expect(p.id, "请按消息下方的按钮选择")
	w.press(p, p.id, "订阅号")
	w.say(p, "五")
	w.expect(p.id, "账号名称应为 2 到 64 个字")
	w.say(p, "五华教育")
	w.expect(p.id, "已被同一平台上的账号“五华教育”使用")
	w.say(p, "五华教育二号")
	w.say(p, strings.Repeat("长", 101))
	w.expect(p.id, "太长了（最多 100 个字）")
	w.say(p, "-")
	w.say(p, "也许")
	w.expect(p.id, "请按消息下方的按钮选择")
	w.press(p, p.id, "否")
	w.say(p, "王五")
	w.say(p, "12345")
	w.expect(p.id, "联系电话格式不对")
	w.say(p, "0871-64445566")
	w.press(p, p.id, "完成")
	w.expect(p.id, "请至少选择一个领域")
	w.press(p, p.id, "义务教育")
	w.press(p, p.id, "完成")
	w.expect(p.id, "原则上一个单位在一个平台只开一个账号")
	w.say(p, "分别面向家长和教师")
	w.expect(p.id, "请核对")
	w.say(p, "好的")
	w.expect(p.id, "请按“提交”")
	w.press(p, p.id, "✅ 提交")
	w.expect(p.id, "已提交")
}

func TestAFormResumesAfterARestart(t *testing.T) {
	t.Parallel()
	w := newWorld(t, worldOpts{})
	p := w.township
	w.say(p, "/apply")
	w.press(p, p.id, "开设新账号")
	w.press(p, p.id, "微博")
	w.expect(p.id, "账号名称")
	w.say(p, "华山街道")
	w.expect(p.id, "运营单位")
	w.stop()
	w.start(worldOpts{limits: fastLimits})
	w.say(p, "华山街道综合文化站")
	w.expect(p.id, "第三方机构运营")
	w.press(p, p.id, "⬅️")
	w.expect(p.id, "当前")
}

func TestStrangersGetAPoliteRefusalAndNothingElse(t *testing.T) {
	t.Parallel()
	w := newWorld(t, worldOpts{})
	w.tgUser(3001, "陌生人")
	for _, text := range []string{"/apply", "/my", "你好", "/pending", "/start wrongcode"} {
		if _, err := w.tg.SendText(3001, 3001, text); err != nil {
			t.Fatal(err)
		}
	}
	w.expect(3001, "邀请码无效")
	msgs := w.botMessages(3001)
	for _, m := range msgs[:len(msgs)-1] {
		if !strings.Contains(m, "还没有绑定单位") {
			t.Errorf("a stranger was told %q", m)
		}
	}
	var apps int
	_ = w.env.DB.NewRaw("SELECT count(*) FROM applications").Scan(context.Background(), &apps)
	if apps != 0 {
		t.Fatal("a stranger's messages made an application")
	}
}

func TestInvitesBindPeopleAndGroups(t *testing.T) {
	t.Parallel()
	w := newWorld(t, worldOpts{})
	w.say(w.admin, "/invite 五华区民政")
	w.press(w.admin, w.admin.id, "五华区民政局")
	w.press(w.admin, w.admin.id, "运营人员")
	w.press(w.admin, w.admin.id, "✅ 提交")
	msg := w.expect(w.admin.id, "https://t.me/test_bot?start=")
	code := msg.Text[strings.Index(msg.Text, "start=")+len("start="):]
	w.tgUser(3002, "民政局小刘")
	if _, err := w.tg.SendText(3002, 3002, "/start "+strings.TrimSpace(code)); err != nil {
		t.Fatal(err)
	}
	w.expect(3002, "您是五华区民政局的运营人员")
	w.say(w.operator, "/invite")
	w.expect(w.operator.id, "只有管理员可以这样做")

	w.say(w.admin, "/invite")
	w.press(w.admin, w.admin.id, "西山区人民政府及下属单位")
	w.press(w.admin, w.admin.id, "西山区人民政府办公室")
	w.press(w.admin, w.admin.id, "审核群")
	w.press(w.admin, w.admin.id, "✅ 提交")
	msg = w.expect(w.admin.id, "/bindgroup ")
	code = strings.TrimSpace(msg.Text[strings.Index(msg.Text, "/bindgroup ")+len("/bindgroup "):])
	if _, err := w.tg.AddGroup(groupOf(-1003003, "西山审核群", w.admin.id)); err != nil {
		t.Fatal(err)
	}
	if _, err := w.tg.SendText(-1003003, w.admin.id, "/bindgroup "+code); err != nil {
		t.Fatal(err)
	}
	w.expect(-1003003, "本群已设为西山区人民政府办公室的审核群")
}
