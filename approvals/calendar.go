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
