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

func TestWorkingHoursAreCountedInOfficeHoursOfWorkingDays(t *testing.T) {
	cal := Calendar{StepDays: 3, Holidays: map[string]bool{"2026-10-01": true}}
	at := func(s string) time.Time {
		v, _ := time.ParseInLocation("2006-01-02 15:04", s, govmedia.ChinaTime)
		return v
	}
	for _, c := range []struct {
		from  string
		hours time.Duration
		want  string
	}{
		{"2026-11-23 10:00", 4, "2026-11-23 14:00"}, // Monday, within the day
		{"2026-11-27 17:00", 4, "2026-11-30 12:00"}, // Friday evening: Monday
		{"2026-11-28 11:00", 2, "2026-11-30 11:00"}, // a Saturday: from Monday's opening
		{"2026-11-23 07:00", 9, "2026-11-23 18:00"}, // before opening: the whole day
		{"2026-09-30 16:00", 3, "2026-10-02 10:00"}, // over a holiday
	} {
		if got := cal.AddWorkingHours(at(c.from), c.hours*time.Hour).In(govmedia.ChinaTime).Format("2006-01-02 15:04"); got != c.want {
			t.Errorf("%s + %dh = %s, want %s", c.from, c.hours, got, c.want)
		}
	}
}
