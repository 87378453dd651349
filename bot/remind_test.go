package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestOverdueStepsRemindTheOfficeThenEscalate(t *testing.T) {
	t.Parallel()
	w := newWorld(t, worldOpts{})
	w.submitOpen(w.operator, "五华教育")
	ctx := context.Background()
	w.env.Clock.Advance(3*24*time.Hour + time.Hour) // Monday + 3 working days: overdue on Thursday
	if err := w.bot.RemindOverdue(ctx); err != nil {
		t.Fatal(err)
	}
	w.expect(w.wuhuaGroup, "已超过办理期限")
	if err := w.bot.RemindOverdue(ctx); err != nil { // a second run reminds nobody again
		t.Fatal(err)
	}
	w.env.Clock.Advance(4 * 24 * time.Hour) // past twice the time it had
	if err := w.bot.RemindOverdue(ctx); err != nil {
		t.Fatal(err)
	}
	w.expect(w.cityGroup, "在五华区人民政府办公室超期未办")
	waitIdle(t, w.env.DB) // every notification queued has been sent: a second reminder would be here
	reminders := 0
	for _, m := range w.botMessages(w.wuhuaGroup) {
		if strings.Contains(m, "已超过办理期限") {
			reminders++
		}
	}
	if reminders != 2 { // Thursday's and Monday's: once each working day
		t.Fatalf("the county office was reminded %d times, want twice", reminders)
	}
}
