package bot_test

import (
	"context"
	"testing"

	"govmedia/oversight"
	"govmedia/registry"
)

// told is what each chat must have heard, and how many times, at a point.
type told map[int64]map[string]int

// TestOversightEventsReachTheRightChatsOnce follows a township's Weibo
// account that says nothing from a Monday in November: the unit is asked
// to confirm its latest post once a week it asks and warned at 10 days, the county
// office told at 14, the city office at 30 and 90; the county office is
// reminded of its monthly report on the 15th, the city office hears who
// has not reported after the 20th; a milestone's reminder goes to the
// county office before its day and the late list to the city office after.
// Each is told once, in its own chat only.
func TestOversightEventsReachTheRightChatsOnce(t *testing.T) {
	t.Parallel()
	w := newOversightWorld(t)
	w.started(w.township, w.reviewer, w.approver, w.admin)
	w.weiboAccount("km.wuhua.huashan", "华山街道微博")
	start := w.env.Clock.Now() // Monday 23 November 2026, 9:00
	if _, err := w.over.AddMilestone(context.Background(), w.approver.member, "县级目录确认", oversight.Confirmed, registry.County,
		start.AddDate(0, 0, 2)); err != nil {
		t.Fatal(err)
	}
	const (
		confirmAsk = "请确认它最新一条内容"
		warn10     = "已 10 天没有更新"
		office14   = "已超过两周没有更新"
		city30     = "已超过一个月没有更新"
		zombie90   = "列为僵尸账号"
		reportAsk  = "的工作进展尚未报送"
		reportLate = "工作进展逾期未报送"
		msSoon     = "将于 2026-11-25 到期"
		msLate     = "“县级目录确认”（2026-11-25）已到期"
	)
	town, office, city := w.township.id, w.reviewer.id, w.approver.id
	steps := []struct {
		days int
		want told
	}{
		{0, told{city: {reportLate: 1}, office: {msSoon: 1}}}, // November's reports are already late on the 23rd
		{7, told{town: {confirmAsk: 1}, city: {msLate: 1}}},
		{10, told{town: {confirmAsk: 1, warn10: 1}}},
		{14, told{town: {confirmAsk: 2, warn10: 1}, office: {office14: 1}}},   // a new week, a new ask
		{22, told{town: {confirmAsk: 3}, office: {reportAsk: 1}}},             // 15 December
		{28, told{town: {confirmAsk: 4}, city: {reportLate: 2}}},              // 21 December: December's late list
		{30, told{city: {city30: 1}}},                                         // the same week: no new ask
		{90, told{town: {confirmAsk: 5}, city: {zombie90: 1, reportLate: 3}}}, // 21 February: its late list too
	}
	heard := told{town: {}, office: {}, city: {}}
	for _, step := range steps {
		w.checkAt(start.AddDate(0, 0, step.days))
		for chat, texts := range step.want {
			for text, n := range texts {
				heard[chat][text] = n
			}
		}
		for chat, texts := range heard {
			for _, text := range []string{confirmAsk, warn10, office14, city30, zombie90, reportAsk, reportLate, msSoon, msLate} {
				if got := w.count(chat, text); got != texts[text] {
					t.Fatalf("day %d: chat %d heard %q %d times, want %d; it has %q", step.days, chat, text, got, texts[text], w.botMessages(chat))
				}
			}
		}
	}
	if got := w.count(w.admin.id, zombie90); got != 1 { // every member of the city office hears it
		t.Fatalf("the city office's admin heard of the dormant account %d times, want once", got)
	}
}
