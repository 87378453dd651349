package bot_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"govmedia/approvals"
)

// TestZombiesOneTapCloseCreatesAnApplication: 90 days after a township's
// and another county's accounts fell silent, the city office sees both,
// the county office only its own township's; one tap and a confirmation
// apply to close it, and the application waits at the city office; a
// county department is refused the list.
func TestZombiesOneTapCloseCreatesAnApplication(t *testing.T) {
	t.Parallel()
	w := newOversightWorld(t)
	own := w.weiboAccount("km.wuhua.huashan", "华山街道微博")
	w.weiboAccount("km.xishan.dept.edu", "西山教育微博")
	w.env.Clock.Advance(91 * 24 * time.Hour)

	w.say(w.operator, "/zombies")
	w.expect(w.operator.id, "僵尸账号名单只给政府办公室")
	w.say(w.reviewer, "/zombies")
	list := w.expect(w.reviewer.id, "共 1 个")
	if containsAny(list.Text, "西山教育微博") || !containsAny(list.Text, "华山街道微博（微博，五华区华山街道办事处）已 91 天未更新") {
		t.Fatalf("the county office's list:\n%s", list.Text)
	}
	w.say(w.approver, "/zombies")
	w.expect(w.approver.id, "共 2 个")
	w.press(w.approver, w.approver.id, "申请注销：华山街道微博")
	w.expect(w.approver.id, "确定为五华区华山街道办事处的账号“华山街道微博”提交注销申请吗")
	w.press(w.approver, w.approver.id, "提交注销申请")
	w.expect(w.approver.id, "已提交")
	w.expectCard(w.cityGroup, "华山街道微博")

	var apps []approvals.Application
	if err := w.env.DB.NewSelect().Model(&apps).Where("subject_id = ? AND action = ?", own.ID, approvals.CloseAccount).Scan(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(apps) != 1 || apps[0].ApplicantID != w.approver.member.ID {
		t.Fatalf("want one close application by the city office's approver, got %+v", apps)
	}
}

// TestForgedZombieButtonsRevealAndChangeNothing: the county office forging
// the close of another county's dormant account, a department forging its
// own township's, and malformed data change nothing and show no name.
func TestForgedZombieButtonsRevealAndChangeNothing(t *testing.T) {
	t.Parallel()
	w := newOversightWorld(t)
	w.started(w.operator, w.reviewer, w.township)
	town := w.weiboAccount("km.wuhua.huashan", "华山街道微博")
	other := w.weiboAccount("km.xishan.dept.edu", "西山教育微博")
	w.env.Clock.Advance(91 * 24 * time.Hour)
	pw := &publishingWorld{world: w.world}
	for f, list := range map[forger][]string{
		{"the county office's reviewer", w.reviewer, w.reviewer.id}: {fmt.Sprintf("zc:%d", other.ID), fmt.Sprintf("zc:%d:y", other.ID)},
		{"a county department's operator", w.operator, w.operator.id}: {fmt.Sprintf("zc:%d", town.ID), fmt.Sprintf("zc:%d:y", town.ID),
			fmt.Sprintf("zc:%d:y", other.ID)},
		{"the township's own operator", w.township, w.township.id}: {fmt.Sprintf("zc:%d:y", town.ID), "zc:", "zc:abc", "zc:999999:y"},
	} {
		for _, data := range list {
			pw.forge(t, f, data, []string{"西山教育微博"})
		}
	}
}
