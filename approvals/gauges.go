package approvals

import "govmedia/postgres"

// Gauges are the approval work an operator watches: steps waiting for an
// office, those past their deadline, and the decisions of the last day.
func Gauges() []postgres.Gauge {
	return []postgres.Gauge{
		{Name: "govmedia_steps_pending", Help: "Approval steps waiting for an office, by kind of application and whether past their deadline.",
			Labels: []string{"kind", "overdue"}, Query: `SELECT a.subject_kind, (s.due_at < now())::text, count(*)
				FROM application_steps s JOIN applications a ON a.id = s.application_id WHERE s.state = 'pending' GROUP BY 1, 2`},
		{Name: "govmedia_decisions_last_day", Help: "Steps decided in the last 24 hours, by kind of application and verdict.",
			Labels: []string{"kind", "verdict"}, Query: `SELECT a.subject_kind, s.state, count(*)
				FROM application_steps s JOIN applications a ON a.id = s.application_id
				WHERE s.decided_at > now() - interval '1 day' AND s.state IN ('approved', 'returned', 'rejected') GROUP BY 1, 2`},
	}
}
