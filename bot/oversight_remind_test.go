package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"govmedia/registry/registrytest"
)

// count is how many bot messages in chat contain want.
func (w *world) count(chat int64, want string) int {
	n := 0
	for _, m := range w.botMessages(chat) {
		if strings.Contains(m, want) {
			n++
		}
	}
	return n
}

// remindAt moves the clock to a time and runs the reminder job, then waits
// for what it queued to be sent.
func (w *world) remindAt(at time.Time) {
	w.t.Helper()
	w.env.Clock.Advance(at.Sub(w.env.Clock.Now()))
	if err := w.bot.RemindOverdue(context.Background()); err != nil {
		w.t.Fatal(err)
	}
	waitIdle(w.t, w.env.DB)
}

// TestOverdueStepsAreRemindedOncePerWorkingDayAndRaisedAbove submits on a
// Monday at 9:00 (three working days to decide): the county office is
// reminded on Thursday and Friday in office hours, once each day, not in
// the evening nor at the weekend, and on Monday, past twice its time, the
// city office hears of it; the applicant sees the step is overdue.
func TestOverdueStepsAreRemindedOncePerWorkingDayAndRaisedAbove(t *testing.T) {
	t.Parallel()
	w := newWorld(t, worldOpts{})
	w.submitOpen(w.operator, "五华教育")
	monday := w.env.Clock.Now()
	day := func(d, h int) time.Time {
		return monday.Add(time.Duration(d)*24*time.Hour + time.Duration(h-9)*time.Hour)
	}
	const reminder = "已超过办理期限"
	for _, step := range []struct {
		at   time.Time
		want int
	}{
		{day(3, 8), 0},  // Thursday before office hours: due at 9:00, not yet reminded
		{day(3, 10), 1}, // Thursday
		{day(3, 11), 1}, // the same day again
		{day(3, 20), 1}, // the evening
		{day(4, 10), 2}, // Friday
		{day(5, 10), 2}, // Saturday
		{day(6, 10), 2}, // Sunday
		{day(7, 10), 3}, // Monday
		{day(7, 16), 3}, // Monday afternoon
	} {
		w.remindAt(step.at)
		if got := w.count(w.wuhuaGroup, reminder); got != step.want {
			t.Fatalf("at %s the county office had %d reminders, want %d", step.at, got, step.want)
		}
	}
	if got := w.count(w.cityGroup, "在五华区人民政府办公室超期未办"); got != 1 {
		t.Fatalf("the city office was told of the overdue step %d times, want once", got)
	}
	w.say(w.operator, "/my")
	w.expect(w.operator.id, "已超期")
}

// TestTheCityOfficesOwnOverdueStepsGoToItsAdmins: an application of the
// city office itself waits at the city office; past twice its time its
// admins hear of it privately, and the applicant's view says 已超期.
func TestTheCityOfficesOwnOverdueStepsGoToItsAdmins(t *testing.T) {
	t.Parallel()
	w := newWorld(t, worldOpts{})
	w.say(w.admin, "/help") // a bot writes only to those who started a chat with it
	w.expect(w.admin.id, "管理员")
	if _, err := w.engine.SubmitOpen(context.Background(), w.approver.member, registrytest.WeChat("昆明市政府办")); err != nil {
		t.Fatal(err)
	}
	w.expect(w.cityGroup, "昆明市政府办")
	w.remindAt(w.env.Clock.Now().Add(3*24*time.Hour + time.Hour)) // Thursday
	if w.count(w.cityGroup, "已超过办理期限") != 1 || w.count(w.admin.id, "超期未办") != 0 {
		t.Fatalf("on Thursday the city office's group should be reminded once and its admin not yet raised: group %q admin %q",
			w.botMessages(w.cityGroup), w.botMessages(w.admin.id))
	}
	w.remindAt(w.env.Clock.Now().Add(4 * 24 * time.Hour)) // Monday
	if got := w.count(w.admin.id, "在昆明市人民政府办公室超期未办"); got != 1 {
		t.Fatalf("the city office's admin was told %d times, want once: %q", got, w.botMessages(w.admin.id))
	}
	w.say(w.approver, "/my")
	w.expect(w.approver.id, "已超期")
}
