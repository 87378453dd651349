package citizens

import "govmedia/postgres"

// Gauges are the citizens' questions an operator watches: open ones, and
// those past the time they are raised with the office above.
func Gauges() []postgres.Gauge {
	return []postgres.Gauge{
		{Name: "govmedia_questions_open", Help: "Citizens' questions waiting for a reply, by whether past the time they are raised.",
			Labels: []string{"past_due"}, Query: `SELECT v.past_due::text, count(q.id) FROM (VALUES (false), (true)) AS v (past_due)
				LEFT JOIN questions q ON q.state = 'open' AND (q.escalate_at < now()) = v.past_due GROUP BY 1`},
	}
}
