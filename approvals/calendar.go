package approvals

import (
	"time"

	"govmedia"
)

// DefaultStepDays is how many working days an office has for a step.
const DefaultStepDays = 3

// Calendar says which days are working days, in China time.
type Calendar struct {
	StepDays int             // working days an office has for a step
	Holidays map[string]bool // "2026-10-01": a weekday off
	Workdays map[string]bool // "2026-10-10": a weekend day worked (调休)
}

// working reports whether day (China time) is a working day.
func (c Calendar) working(day time.Time) bool {
	key := day.Format("2006-01-02")
	if c.Workdays[key] {
		return true
	}
	if c.Holidays[key] {
		return false
	}
	wd := day.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// Due returns the deadline of a step started at start: the same clock
// time after StepDays working days.
func (c Calendar) Due(start time.Time) time.Time {
	t := start.In(govmedia.ChinaTime)
	for left := c.StepDays; left > 0; {
		t = t.AddDate(0, 0, 1)
		if c.working(t) {
			left--
		}
	}
	return t.UTC()
}

// Working reports whether day (China time) is a working day.
func (c Calendar) Working(day time.Time) bool { return c.working(day.In(govmedia.ChinaTime)) }

// The office hours working hours are counted in, China time.
const (
	officeOpens  = 9
	officeCloses = 18
)

// AddWorkingHours returns the time h office hours (9:00–18:00 of working
// days, China time) after t: a question asked on a Friday evening with
// four hours to answer is due on Monday at 13:00.
func (c Calendar) AddWorkingHours(t time.Time, h time.Duration) time.Time {
	t = t.In(govmedia.ChinaTime)
	for h > 0 {
		day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, govmedia.ChinaTime)
		open, shut := day.Add(officeOpens*time.Hour), day.Add(officeCloses*time.Hour)
		switch {
		case !c.working(day) || !t.Before(shut):
			t = day.AddDate(0, 0, 1).Add(officeOpens * time.Hour)
		case t.Before(open):
			t = open
		case t.Add(h).After(shut):
			h -= shut.Sub(t)
			t = day.AddDate(0, 0, 1).Add(officeOpens * time.Hour)
		default:
			t, h = t.Add(h), 0
		}
	}
	return t.UTC()
}
