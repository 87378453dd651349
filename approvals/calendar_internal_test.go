package approvals

import (
	"testing"
	"time"

	"govmedia"
)

// TestDueDatesSkipHolidaysAndCountMakeUpDays: a step started on the
// Friday before the National Day week, with the holidays off and the
// Saturday after them worked (调休), is due after three working days.
func TestDueDatesSkipHolidaysAndCountMakeUpDays(t *testing.T) {
	cal := Calendar{StepDays: 3, Holidays: map[string]bool{}, Workdays: map[string]bool{"2026-10-10": true}}
	for _, d := range []string{"2026-10-01", "2026-10-02", "2026-10-05", "2026-10-06", "2026-10-07", "2026-10-08"} {
		cal.Holidays[d] = true
	}
	start := time.Date(2026, 9, 30, 10, 0, 0, 0, govmedia.ChinaTime)
	// Wednesday 9-30 → working days: Friday 10-09, Saturday 10-10 (调休), Monday 10-12.
	if due := cal.Due(start).In(govmedia.ChinaTime); due.Format("2006-01-02 15:04") != "2026-10-12 10:00" {
		t.Fatalf("due %s, want 2026-10-12 10:00", due.Format("2006-01-02 15:04"))
	}
	plain := Calendar{StepDays: 3}
	if due := plain.Due(start).In(govmedia.ChinaTime); due.Format("2006-01-02") != "2026-10-05" {
		t.Fatalf("without the schedule due %s, want 2026-10-05 (Thu, Fri, Mon)", due.Format("2006-01-02"))
	}
}
