package bot_test

import (
	"context"
	"testing"
	"time"

	"govmedia/registry/registrytest"
)

// TestAReminderIsMarkedSentOnlyWithItsNotificationQueued makes the queue
// refuse notifications while an overdue step is reminded: the step must stay
// unmarked, so that the next run reminds the office after all, once.
func TestAReminderIsMarkedSentOnlyWithItsNotificationQueued(t *testing.T) {
	t.Parallel()
	w := newWorld(t, worldOpts{})
	ctx := context.Background()
	app, err := w.engine.SubmitOpen(ctx, w.operator.member, registrytest.WeChat("五华教育"))
	if err != nil {
		t.Fatal(err)
	}
	w.expect(w.wuhuaGroup, "五华教育")
	refuseNotifications(t, w, true)
	w.env.Clock.Advance(3*24*time.Hour + time.Hour) // overdue
	if err := w.bot.RemindOverdue(ctx); err == nil {
		t.Fatal("reminding with the queue refusing notifications succeeded")
	}
	var marked int
	if err := w.env.DB.NewRaw("SELECT count(*) FROM application_steps WHERE application_id = ? AND reminded_at IS NOT NULL", app.ID).
		Scan(ctx, &marked); err != nil {
		t.Fatal(err)
	}
	if marked != 0 {
		t.Fatalf("%d steps marked reminded although no reminder was queued, want 0", marked)
	}
	refuseNotifications(t, w, false)
	if err := w.bot.RemindOverdue(ctx); err != nil {
		t.Fatal(err)
	}
	if err := w.bot.RemindOverdue(ctx); err != nil { // marked now: reminds nobody again
		t.Fatal(err)
	}
	w.expect(w.wuhuaGroup, "已超过办理期限")
	var queued int
	if err := w.env.DB.NewRaw("SELECT count(*) FROM river_job WHERE kind = 'bot.notify' AND args->>'text' LIKE '%已超过办理期限%'").
		Scan(ctx, &queued); err != nil {
		t.Fatal(err)
	}
	if queued != 1 {
		t.Fatalf("%d reminders queued, want 1", queued)
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

// TestAnEscalationIsMarkedOnlyWithItsNotificationQueued: as for a
// reminder, a step raised with the office above while the queue refuses
// the notice stays unmarked, and is raised once when it works again.
func TestAnEscalationIsMarkedOnlyWithItsNotificationQueued(t *testing.T) {
	t.Parallel()
	w := newWorld(t, worldOpts{})
	ctx := context.Background()
	app, err := w.engine.SubmitOpen(ctx, w.operator.member, registrytest.WeChat("五华教育"))
	if err != nil {
		t.Fatal(err)
	}
	w.expect(w.wuhuaGroup, "五华教育")
	refuseNotifications(t, w, true)
	w.env.Clock.Advance(14 * 24 * time.Hour) // far past twice the step's time
	if err := w.bot.RemindOverdue(ctx); err == nil {
		t.Fatal("raising with the queue refusing notifications succeeded")
	}
	var marked int
	if err := w.env.DB.NewRaw("SELECT count(*) FROM application_steps WHERE application_id = ? AND escalated_at IS NOT NULL", app.ID).
		Scan(ctx, &marked); err != nil {
		t.Fatal(err)
	}
	if marked != 0 {
		t.Fatalf("%d steps marked raised although no notice was queued, want 0", marked)
	}
	refuseNotifications(t, w, false)
	for range 2 { // marked after the first: raised once
		if err := w.bot.RemindOverdue(ctx); err != nil {
			t.Fatal(err)
		}
	}
	var queued int
	if err := w.env.DB.NewRaw("SELECT count(*) FROM river_job WHERE kind = 'bot.notify' AND args->>'text' LIKE '%特此提请关注%'").
		Scan(ctx, &queued); err != nil {
		t.Fatal(err)
	}
	if queued != 1 {
		t.Fatalf("%d escalations queued, want 1", queued)
	}
}
