package oversight

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/audit"
	"govmedia/registry"
)

// ReportDueDay is the day of the month a government office's progress
// report is due by (每月20日前报送); reminders go on the 15th and 19th,
// and on the 21st the city office hears who has not reported.
const ReportDueDay = 20

// Report is a government office's progress report for a month.
type Report struct {
	bun.BaseModel `bun:"table:monthly_reports"`

	OrgCode     string    `bun:"org_code,pk"`
	Month       time.Time `bun:"month,pk,type:date"`
	Done        string    `bun:"done"`
	Problems    string    `bun:"problems"`
	NextSteps   string    `bun:"next_steps"`
	SubmittedBy string    `bun:"submitted_by"`
	SubmittedAt time.Time `bun:"submitted_at"`
}

// OnTime reports whether the report came by the 20th of its month.
func (r *Report) OnTime() bool { return !r.SubmittedAt.After(dueOf(r.Month)) }

// dueOf is the end of the due day of a month (a civil date).
func dueOf(month time.Time) time.Time {
	return endOf(time.Date(month.Year(), month.Month(), ReportDueDay, 0, 0, 0, 0, time.UTC))
}

// monthOf is the first day of t's month in China, as a civil date.
func monthOf(t time.Time) time.Time {
	d := civil(t)
	return d.AddDate(0, 0, 1-d.Day())
}

// reportsFrom are the offices that report: every county's government
// office (the city office receives the reports).
func (o *Oversight) reportsFrom(ctx context.Context) ([]*registry.Org, error) {
	var list []*registry.Org
	err := o.db.NewSelect().Model(&list).Join("JOIN orgs AS g ON g.code = org.parent_code").
		Where("org.kind = ? AND g.level = ?", registry.Office, registry.County).OrderExpr("org.code").Scan(ctx)
	return list, err
}

// SubmitReport records a government office's progress report for the
// month now (a second one replaces the first), by a member of the office.
// Errors: EFORBIDDEN, EINVALID.
func (o *Oversight) SubmitReport(ctx context.Context, m *registry.Member, done, problems, next string) (*Report, error) {
	r := &Report{OrgCode: m.OrgCode, Month: monthOf(o.now()), Done: strings.TrimSpace(done), Problems: strings.TrimSpace(problems),
		NextSteps: strings.TrimSpace(next), SubmittedBy: m.Actor().String(), SubmittedAt: o.now()}
	if err := CheckSubmitReport(m); err != nil {
		return nil, err
	}
	if r.Done == "" {
		return nil, govmedia.Errorf(govmedia.EINVALID, "oversight.report_done_required")
	}
	for _, s := range []string{r.Done, r.Problems, r.NextSteps} {
		if utf8.RuneCountInString(s) > 2000 {
			return nil, govmedia.Errorf(govmedia.EINVALID, "oversight.report_too_long", "max", 2000)
		}
	}
	err := o.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewInsert().Model(r).On("CONFLICT (org_code, month) DO UPDATE").
			Set("done = EXCLUDED.done, problems = EXCLUDED.problems, next_steps = EXCLUDED.next_steps, submitted_by = EXCLUDED.submitted_by, submitted_at = EXCLUDED.submitted_at").
			Exec(ctx); err != nil {
			return err
		}
		return audit.Append(ctx, tx, r.SubmittedAt, m.Actor(), "monthly_report", r.OrgCode+":"+r.Month.Format("2006-01"), "report.submit", nil)
	})
	return r, err
}

// ReportStatus is one office's report for a month, or its absence.
type ReportStatus struct {
	Office *registry.Org
	Report *Report // nil: not reported
}

// Reports lists, for a month, every reporting office and its report.
func (o *Oversight) Reports(ctx context.Context, month time.Time) ([]ReportStatus, error) {
	offices, err := o.reportsFrom(ctx)
	if err != nil {
		return nil, err
	}
	var reports []*Report
	if err := o.db.NewSelect().Model(&reports).Where("month = ?", monthOf(month)).Scan(ctx); err != nil {
		return nil, err
	}
	by := map[string]*Report{}
	for _, r := range reports {
		by[r.OrgCode] = r
	}
	out := make([]ReportStatus, len(offices))
	for i, off := range offices {
		out[i] = ReportStatus{Office: off, Report: by[off.Code]}
	}
	return out, nil
}

// checkReports reminds the offices that have not reported on the 15th and
// the 19th, and on the 21st (and after) tells the city office who has not.
func (o *Oversight) checkReports(ctx context.Context) error {
	now := o.now().In(govmedia.ChinaTime)
	month := monthOf(now)
	list, err := o.Reports(ctx, month)
	if err != nil {
		return err
	}
	var late []string
	for _, st := range list {
		if st.Report != nil {
			continue
		}
		late = append(late, st.Office.Name)
		for _, d := range []int{15, 19} {
			if now.Day() >= d && now.Day() <= ReportDueDay {
				ev := Event{Kind: "report_reminder", Org: st.Office.Code, Month: month, Days: ReportDueDay - now.Day()}
				if err := o.notify(ctx, fmt.Sprintf("report:%s:%d", st.Office.Code, d), month, ev); err != nil {
					return err
				}
			}
		}
	}
	if now.Day() <= ReportDueDay || len(late) == 0 {
		return nil
	}
	city, err := o.cityOffice(ctx)
	if err != nil {
		return err
	}
	return o.notify(ctx, "reports_late", month, Event{Kind: "reports_late", Org: city, Month: month, Late: late})
}
