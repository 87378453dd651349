package approvals_test

import (
	"context"
	"testing"
	"time"

	"govmedia"
	"govmedia/approvals"
	"govmedia/registry/registrytest"
)

// TestOverdueStepsAreRemindedEachWorkingDayAndRaisedOnce: a step past its
// three working days is reminded once on each working day, in office
// hours, on a weekend day worked (调休) too but not on a weekend; past twice
// its time it is raised once; the city office's own steps go to its
// admins, a department's to its government's office.
func TestOverdueStepsAreRemindedEachWorkingDayAndRaisedOnce(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	app, err := w.engine.SubmitOpen(ctx, w.township, registrytest.WeChat("华山发布"))
	if err != nil {
		t.Fatal(err)
	}
	step := w.pending(t, app.ID)
	worked := approvals.New(w.DB.DB, w.Registry, w.Clock.Now, approvals.Options{Calendar: approvals.Calendar{StepDays: 3, Workdays: map[string]bool{"2026-11-28": true}}})
	at := func(when string, e *approvals.Engine, wantRemind, wantRaise bool) {
		t.Helper()
		to, _ := time.ParseInLocation("2006-01-02 15:04", when, govmedia.ChinaTime)
		w.Clock.Advance(to.Sub(w.Clock.Now()))
		remind, raise, err := e.RemindersDue(ctx, w.Clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		if (len(remind) == 1) != wantRemind || (len(raise) == 1) != wantRaise {
			t.Fatalf("%s: %d to remind, %d to raise; want %v, %v", when, len(remind), len(raise), wantRemind, wantRaise)
		}
		if wantRemind {
			for i, want := range []bool{true, false} { // a second replica finds it done
				if first, err := e.MarkRemindedToday(ctx, w.DB, step.ID); err != nil || first != want {
					t.Fatalf("%s: marking %d: %v %v", when, i, first, err)
				}
			}
		}
		if wantRaise {
			if first, err := e.MarkEscalated(ctx, w.DB, step.ID); err != nil || !first {
				t.Fatalf("%s: raising: %v %v", when, first, err)
			}
		}
	}
	at("2026-11-26 08:59", w.engine, false, false) // due Thursday 09:00
	at("2026-11-26 10:00", w.engine, true, false)
	at("2026-11-26 16:00", w.engine, false, false)
	at("2026-11-27 09:30", w.engine, true, false)
	at("2026-11-28 10:00", w.engine, false, false) // a Saturday
	at("2026-11-28 11:00", worked, true, false)    // …worked, for a holiday moved
	at("2026-11-29 10:00", w.engine, false, true)  // past twice its time: raised once, on a Sunday
	at("2026-11-30 08:00", w.engine, false, false)
	at("2026-11-30 09:00", w.engine, true, false)
	if s, _ := w.engine.Application(ctx, app.ID); !s.PendingStep().Overdue(w.Clock.Now()) {
		t.Fatal("the step does not say it is overdue")
	}
	for _, c := range []struct {
		office, want string
		admins       bool
	}{{"km.wuhua.office", "km.office", false}, {"km.office", "km.office", true}, {"km.dept.jyt", "km.office", false}, {"km.wuhua.dept.edu", "km.wuhua.office", false}} {
		org, admins, err := approvals.EscalationOf(ctx, w.DB, &approvals.Step{OfficeOrg: c.office})
		if err != nil || org != c.want || admins != c.admins {
			t.Errorf("a step at %s goes up to %s (admins %v) %v, want %s (%v)", c.office, org, admins, err, c.want, c.admins)
		}
	}
}
