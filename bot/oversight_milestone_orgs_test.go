package bot_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"govmedia/bot/telegramtest"
	"govmedia/registry"
)

// TestTheCityOfficeBindsAMilestoneToTwoCountiesItPicks: in the add form,
// after the level, the city office's approver ticks 五华区 from the list
// and 西山区 found by typing part of its name (Done with nothing ticked is
// refused); the milestone names those two; 五华区's office sees it,
// 盘龙区's does not, and the city's standing counts two.
func TestTheCityOfficeBindsAMilestoneToTwoCountiesItPicks(t *testing.T) {
	t.Parallel()
	w := newOversightWorld(t)
	panlong := w.bind(2101, "周丽", "km.panlong.office", registry.Reviewer)
	w.say(w.approver, "/milestones")
	w.press(w.approver, w.approver.id, "新增工作节点")
	w.expect(w.approver.id, "新节点的名称")
	w.say(w.approver, "两区专区建成")
	w.expect(w.approver.id, "截止日期")
	w.say(w.approver, "2026-11-30")
	w.press(w.approver, w.approver.id, "由各单位确认")
	w.press(w.approver, w.approver.id, "县级政府")
	w.expect(w.approver.id, "约束这一级的全部政府，还是其中几个")
	w.press(w.approver, w.approver.id, "完成")
	w.expect(w.approver.id, "请至少选一个单位")
	w.press(w.approver, w.approver.id, "五华区人民政府")
	w.expect(w.approver.id, "已选 1 个：五华区人民政府")
	w.forgeFormPresses(t, w.approver, "f:orgs:p99", "f:orgs:p-1", "f:orgs:d0", "f:orgs:pick", "f:level:township")
	w.say(w.approver, "西山")
	w.expect(w.approver.id, "名称含“西山”的单位（1 个）")
	w.press(w.approver, w.approver.id, "西山区人民政府")
	w.expect(w.approver.id, "已选 2 个：五华区人民政府、西山区人民政府")
	w.press(w.approver, w.approver.id, "完成")
	w.expect(w.approver.id, "约束对象：县级政府中的 2 个：五华区人民政府、西山区人民政府")
	w.press(w.approver, w.approver.id, "提交")
	w.expect(w.approver.id, "已新增工作节点“两区专区建成”")

	list, err := w.over.Milestones(context.Background())
	if err != nil || len(list) != 1 || !slices.Equal(list[0].Orgs, []string{"km.wuhua", "km.xishan"}) {
		t.Fatalf("milestones: %+v %v, want one naming 五华区 and 西山区", list, err)
	}
	w.say(w.reviewer, "/milestones")
	w.expect(w.reviewer.id, "两区专区建成（由各单位确认），截止 2026-11-30")
	w.say(panlong, "/milestones")
	w.expect(panlong.id, "目前没有约束本单位的工作节点")
	w.say(w.approver, "/milestones")
	w.expect(w.approver.id, "0/2 个单位已完成")
}

// forgeFormPresses presses data no button of the question carries, on the
// question's message: each is refused as a stale button.
func (w *oversightWorld) forgeFormPresses(t *testing.T, p person, data ...string) {
	t.Helper()
	msg, _ := w.findButton(p.id, "完成")
	for _, d := range data {
		pr, err := w.tg.ForgePress(telegramtest.ButtonPress{ChatID: p.id, From: p.id, MessageID: msg, Data: d})
		if err != nil {
			t.Fatal(err)
		}
		if got := w.answered(p.id, msg, pr.QueryID); !strings.Contains(got.Text, "请回答最新的问题") {
			t.Errorf("forged %q answered %q, want refused as stale", d, got.Text)
		}
	}
}

// TestATownshipMilestoneIsBoundToTownshipsPickedInTwoCounties: at the
// township level the picker lists the counties to go down into; the
// approver ticks 华山街道 in 五华区 and 金碧街道 in 西山区, and the question
// answered shows the two; 华山街道 sees the milestone, 护国街道 does not.
func TestATownshipMilestoneIsBoundToTownshipsPickedInTwoCounties(t *testing.T) {
	t.Parallel()
	w := newOversightWorld(t)
	huguo := w.bind(2102, "吴刚", "km.wuhua.huguo", registry.Operator)
	w.say(w.approver, "/milestones")
	w.press(w.approver, w.approver.id, "新增工作节点")
	w.say(w.approver, "街道专区建成")
	w.expect(w.approver.id, "截止日期")
	w.say(w.approver, "2026-11-30")
	w.press(w.approver, w.approver.id, "由各单位确认")
	w.press(w.approver, w.approver.id, "乡级政府")
	w.expect(w.approver.id, "约束这一级的全部政府，还是其中几个")
	w.press(w.approver, w.approver.id, "五华区人民政府及下属单位")
	w.press(w.approver, w.approver.id, "华山街道")
	w.expect(w.approver.id, "已选 1 个：五华区华山街道办事处")
	w.press(w.approver, w.approver.id, "上一级")
	w.press(w.approver, w.approver.id, "西山区人民政府及下属单位")
	w.press(w.approver, w.approver.id, "金碧街道")
	w.press(w.approver, w.approver.id, "完成")
	w.expect(w.approver.id, "约束对象：乡级政府中的 2 个：五华区华山街道办事处、西山区金碧街道办事处")
	if asked := w.expect(w.approver.id, "已选 2 个"); !strings.Contains(asked.Text, "👉 五华区华山街道办事处、西山区金碧街道办事处") {
		t.Fatalf("the question answered should show the two picked:\n%s", asked.Text)
	}
	w.press(w.approver, w.approver.id, "提交")
	w.expect(w.approver.id, "已新增工作节点“街道专区建成”")

	w.say(w.township, "/milestones")
	w.expect(w.township.id, "街道专区建成（由各单位确认），截止 2026-11-30")
	w.say(huguo, "/milestones")
	w.expect(huguo.id, "目前没有约束本单位的工作节点")
}
