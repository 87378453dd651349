package bot_test

import (
	"context"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"govmedia/registry/registrytest"
)

// TestAReminderIsMarkedSentOnlyWithItsNotificationQueued makes the queue
// refuse notifications while an overdue step is reminded: the step must stay
// unmarked, so that the next run reminds the office after all, once.
func TestAReminderIsMarkedSentOnlyWithItsNotificationQueued(t *testing.T) {
	t.Parallel()
	w := newWorld(t, worldOpts{})
	markedOnlyWithItsNotice(t, w, 3*24*time.Hour+time.Hour, "reminded_at", "已超过办理期限")
	w.expect(w.wuhuaGroup, "已超过办理期限")
}

// TestAnEscalationIsMarkedOnlyWithItsNotificationQueued: as for a
// reminder, a step raised with the office above while the queue refuses
// the notice stays unmarked, and is raised once when it works again.
func TestAnEscalationIsMarkedOnlyWithItsNotificationQueued(t *testing.T) {
	t.Parallel()
	w := newWorld(t, worldOpts{})
	markedOnlyWithItsNotice(t, w, 14*24*time.Hour, "escalated_at", "特此提请关注") // far past twice the step's time
}

// markedOnlyWithItsNotice submits an application, lets the clock pass
// late, and runs the reminders with the queue refusing notifications: the
// step's column stays unset. With the queue working again, two runs queue
// exactly one notice holding phrase.
func markedOnlyWithItsNotice(t *testing.T, w *world, late time.Duration, column, phrase string) {
	t.Helper()
	ctx := context.Background()
	app, err := w.engine.SubmitOpen(ctx, w.operator.member, registrytest.WeChat("五华教育"))
	if err != nil {
		t.Fatal(err)
	}
	w.expect(w.wuhuaGroup, "五华教育")
	refuseNotifications(t, w, true)
	w.env.Clock.Advance(late)
	if err := w.bot.RemindOverdue(ctx); err == nil {
		t.Fatal("reminding with the queue refusing notifications succeeded")
	}
	var marked int
	if err := w.env.DB.NewRaw("SELECT count(*) FROM application_steps WHERE application_id = ? AND ? IS NOT NULL", app.ID, bun.Ident(column)).
		Scan(ctx, &marked); err != nil {
		t.Fatal(err)
	}
	if marked != 0 {
		t.Fatalf("%d steps marked (%s) although no notice was queued, want 0", marked, column)
	}
	refuseNotifications(t, w, false)
	for range 2 { // marked after the first: nobody is told again
		if err := w.bot.RemindOverdue(ctx); err != nil {
			t.Fatal(err)
		}
	}
	var queued int
	if err := w.env.DB.NewRaw("SELECT count(*) FROM river_job WHERE kind = 'bot.notify' AND args->>'text' LIKE ?", "%"+phrase+"%").
		Scan(ctx, &queued); err != nil {
		t.Fatal(err)
	}
	if queued != 1 {
		t.Fatalf("%d notices holding %q queued, want 1", queued, phrase)
	}
}

// refuseNotifications makes inserting a bot.notify job fail (on) or work
// again (off), as a queue failing at the worst moment would.
func refuseNotifications(t *testing.T, w *world, on bool) {
	t.Helper()
	sql := `DROP TRIGGER IF EXISTS refuse_notify ON river_job`
	if on {
		sql = `CREATE FUNCTION refuse_notify() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN RAISE EXCEPTION 'notifications refused by the test'; END $$;
			CREATE TRIGGER refuse_notify BEFORE INSERT ON river_job FOR EACH ROW
			WHEN (NEW.kind = 'bot.notify') EXECUTE FUNCTION refuse_notify()`
	}
	if _, err := w.env.DB.ExecContext(context.Background(), sql); err != nil {
		t.Fatal(err)
	}
}
