package bot

import "govmedia/approvals"

// overdueMark is what the applicant sees of a step past its deadline
// (approvals decides when a step is overdue).
func (r *request) overdueMark(s *approvals.Step) string {
	if !s.Overdue(r.now()) {
		return ""
	}
	return " " + tr(r.lang, "bot.over.overdue")
}
