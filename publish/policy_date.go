package publish

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"govmedia"
)

// issueDateShape takes the dates offices write: 2020-06-01, 2020/6/1,
// 2020.6.1, 2020年6月1日 and 20200601.
var issueDateShape = regexp.MustCompile(`^(\d{4})(?:[-/.年](\d{1,2})[-/.月](\d{1,2})日?|(\d{2})(\d{2}))$`)

// ParseIssueDate reads a document's date (成文日期) as offices write it, as
// a civil date (midnight UTC, see civilDate). Errors: EINVALID
// (policy.date_invalid).
func ParseIssueDate(s string) (time.Time, error) {
	m := issueDateShape.FindStringSubmatch(normaliseDocNumber(s))
	if m == nil {
		return time.Time{}, govmedia.Errorf(govmedia.EINVALID, "policy.date_invalid", "value", shorten(strings.TrimSpace(s)))
	}
	month, day := m[2], m[3]
	if month == "" {
		month, day = m[4], m[5]
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(month)
	d, _ := strconv.Atoi(day)
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || t.Month() != time.Month(mo) || t.Day() != d {
		return time.Time{}, govmedia.Errorf(govmedia.EINVALID, "policy.date_invalid", "value", shorten(strings.TrimSpace(s)))
	}
	return t, nil
}

// FormatIssueDate writes a document's date as Chinese documents do:
// 2020年6月1日.
func FormatIssueDate(t time.Time) string {
	return strconv.Itoa(t.Year()) + "年" + strconv.Itoa(int(t.Month())) + "月" + strconv.Itoa(t.Day()) + "日"
}

// civilDate is the day t falls on where it was read, as midnight UTC:
// how a PostgreSQL date is written and read back unchanged.
func civilDate(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
