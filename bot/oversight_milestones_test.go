package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"govmedia/oversight"
	"govmedia/registry"
)

// TestMilestonesAreAddedByTheCityOfficeAndSeenByEachGovernment: the city
// office's approver adds a milestone through the form; the county office
// sees it as its own and confirms it met; a county department sees it
// without the button; after its day the city office sees who is late,
// the county that confirmed not among them.
func TestMilestonesAreAddedByTheCityOfficeAndSeenByEachGovernment(t *testing.T) {
	t.Parallel()
	w := newOversightWorld(t)
	w.say(w.approver, "/milestones")
	w.expect(w.approver.id, "目前没有约束本单位的工作节点")
	w.press(w.approver, w.approver.id, "新增工作节点")
	w.expect(w.approver.id, "新节点的名称")
	w.say(w.approver, "县级目录确认")
	w.expect(w.approver.id, "截止日期")
	w.say(w.approver, "11月30日")
	w.expect(w.approver.id, "日期请按“2026-12-01”的格式输入")
	w.say(w.approver, "2026-11-30")
	w.press(w.approver, w.approver.id, "由各单位确认")
	w.press(w.approver, w.approver.id, "县级政府")
	w.press(w.approver, w.approver.id, "全部县级政府")
	w.expect(w.approver.id, "约束对象：县级政府")
	w.press(w.approver, w.approver.id, "提交")
	w.expect(w.approver.id, "已新增工作节点“县级目录确认”，截止 2026-11-30")

	w.say(w.operator, "/milestones")
	line := w.expect(w.operator.id, "县级目录确认（由各单位确认），截止 2026-11-30：⏳ 尚未完成")
	if strings.Contains(buttonsOf(line), "确认已完成") {
		t.Fatalf("a county department may not confirm its government's milestone: %q", buttonsOf(line))
	}
	w.say(w.reviewer, "/milestones")
	w.expect(w.reviewer.id, "⏳ 尚未完成")
	w.press(w.reviewer, w.reviewer.id, "确认已完成")
	w.expect(w.reviewer.id, "县级目录确认（由各单位确认），截止 2026-11-30：✅ 2026-11-23 提前完成")

	w.env.Clock.Advance(8 * 24 * time.Hour) // 1 December
	w.say(w.approver, "/milestones")
	standing := w.expect(w.approver.id, "1/17 个单位已完成")
	if !strings.Contains(standing.Text, "逾期 16 个") || strings.Contains(standing.Text, "五华区人民政府、") || !strings.Contains(standing.Text, "西山区人民政府") {
		t.Fatalf("the city office's standing should list 16 late, 西山 among them and 五华 not:\n%s", standing.Text)
	}
}

// TestForgedMilestoneButtonsChangeNothing: a county reviewer forging the
// add button, a department's and a township's operator forging the
// confirm button of a county milestone, and malformed data change nothing.
func TestForgedMilestoneButtonsChangeNothing(t *testing.T) {
	t.Parallel()
	w := newOversightWorld(t)
	w.started(w.operator, w.reviewer, w.township)
	ms, err := w.over.AddMilestone(context.Background(), w.approver.member, "县级目录确认", oversight.Confirmed, registry.County, w.env.Clock.Now().AddDate(0, 0, 7))
	if err != nil {
		t.Fatal(err)
	}
	pw := &publishingWorld{world: w.world}
	adds := []string{"ma:add", "ma:", "ma:add:1"}
	confirms := []string{fmt.Sprintf("mc:%d", ms.ID), "mc:999999", "mc:", "mc:-1"}
	for f, list := range map[forger][]string{
		{"the county office's reviewer", w.reviewer, w.reviewer.id}:   adds, // who may confirm the county's own
		{"a county department's operator", w.operator, w.operator.id}: append(adds, confirms...),
		{"a township's operator", w.township, w.township.id}:          append(adds, confirms...),
	} {
		for _, data := range list {
			pw.forge(t, f, data, nil)
		}
	}
}
