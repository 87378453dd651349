package bot

import (
	"strings"
	"time"

	"govmedia"
	"govmedia/oversight"
)

// reportForm holds the answers of /report: a government office's
// progress this month (done, problems, next steps).
type reportForm struct {
	Done     string `json:"done,omitempty"`
	Problems string `json:"problems,omitempty"`
	Next     string `json:"next,omitempty"`
}

// reportMax is how long each answer may be (oversight refuses longer).
const reportMax = 2000

func init() {
	onCommand("report", (*request).startReport)
	formKinds["report"] = &formKind{
		steps: func(*request, *form) []string { return []string{"done", "problems", "next"} },
		defs: map[string]stepDef{
			"done": {prompt: askReport("bot.over.ask.done"), label: "bot.over.field.done",
				accept: acceptText(reportMax, true, func(f *form) *string { return &f.Report.Done })},
			"problems": {prompt: askReport("bot.over.ask.problems"), label: "bot.over.field.problems", optional: true,
				accept: acceptText(reportMax, false, func(f *form) *string { return &f.Report.Problems })},
			"next": {prompt: askReport("bot.over.ask.next"), label: "bot.over.field.next", optional: true,
				accept: acceptText(reportMax, false, func(f *form) *string { return &f.Report.Next })},
		},
		summary: reportSummary,
		finish:  finishReport,
	}
}

// startReport opens the month's progress report for those who send it
// (oversight.CheckSubmitReport); to the city office, which receives them
// (oversight.CheckSeeStanding), it shows who has sent this month's.
func (r *request) startReport([]string) {
	if r.over == nil {
		r.say(tr(r.lang, "bot.over.off"), nil)
		return
	}
	err := oversight.CheckSubmitReport(r.member)
	switch {
	case err == nil:
		r.startForm(&form{Kind: "report", Report: &reportForm{}})
	case oversight.CheckSeeStanding(r.ctx, r.db, r.member) == nil:
		r.showReports()
	default:
		r.fail(err)
	}
}

// showReports lists the reporting offices and whether each sent this
// month's report, and when.
func (r *request) showReports() {
	list, err := r.over.Reports(r.ctx, r.now())
	if err != nil {
		r.fail(err)
		return
	}
	sent, lines := 0, make([]string, len(list))
	for i, st := range list {
		switch rep := st.Report; {
		case rep == nil:
			lines[i] = tr(r.lang, "bot.over.reports.missing", "org", st.Office.Name)
		case rep.OnTime():
			sent++
			lines[i] = tr(r.lang, "bot.over.reports.sent", "org", st.Office.Name, "at", govmedia.FormatTime(rep.SubmittedAt))
		default:
			sent++
			lines[i] = tr(r.lang, "bot.over.reports.sent_late", "org", st.Office.Name, "at", govmedia.FormatTime(rep.SubmittedAt))
		}
	}
	lines, _ = fitList(r.lang, lines)
	r.say(tr(r.lang, "bot.over.reports.title", "month", reportMonth(r.lang, r.now()), "count", sent, "total", len(list))+"\n"+strings.Join(lines, "\n"), nil)
}

// askReport asks a question of the report, naming its month.
func askReport(key string) func(*request, *form) string {
	return func(r *request, f *form) string { return tr(r.lang, key, "month", reportMonth(r.lang, r.now())) }
}

// reportMonth names the month a report sent now is for.
func reportMonth(lang govmedia.Language, now time.Time) string {
	c := now.In(govmedia.ChinaTime)
	return tr(lang, "bot.over.month", "year", c.Year(), "month", int(c.Month()))
}

func reportSummary(r *request, f *form) (string, error) {
	none := govmedia.Print(r.lang, "bot.over.none")
	return tr(r.lang, "bot.over.report_summary", "month", reportMonth(r.lang, r.now()), "org", r.member.Org.Name,
		"done", f.Report.Done, "problems", orNone(f.Report.Problems, none), "next", orNone(f.Report.Next, none)), nil
}

// orNone is s, or none when s is empty.
func orNone(s, none string) string {
	if s == "" {
		return none
	}
	return s
}

func finishReport(r *request, f *form) error {
	rep, err := r.over.SubmitReport(r.ctx, r.member, f.Report.Done, f.Report.Problems, f.Report.Next)
	if err != nil {
		return err
	}
	key := "bot.over.report_saved"
	if !rep.OnTime() {
		key = "bot.over.report_saved_late"
	}
	r.say(tr(r.lang, key, "month", reportMonth(r.lang, rep.Month.Add(12*time.Hour)), "due", oversight.ReportDueDay), nil)
	return nil
}
