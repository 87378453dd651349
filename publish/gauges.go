package publish

import "govmedia/postgres"

// Gauges are the deliveries an operator watches: those under way by
// state, and how the last day's ended, by WeChat's error code.
func Gauges() []postgres.Gauge {
	return []postgres.Gauge{
		{Name: "govmedia_deliveries_in_flight", Help: "Deliveries not yet ended, by state.",
			Labels: []string{"state"}, Query: `SELECT v.state, count(d.id) FROM (VALUES ('queued'), ('working'), ('waiting')) AS v (state)
				LEFT JOIN deliveries d ON d.state = v.state GROUP BY 1`},
		{Name: "govmedia_deliveries_ended_last_day", Help: "Deliveries ended in the last 24 hours, by state and WeChat's error code (0: none).",
			Labels: []string{"state", "errcode"}, Query: `SELECT state, coalesce(error_code, 0)::text, count(*) FROM deliveries
				WHERE finished_at > now() - interval '1 day' GROUP BY 1, 2`},
	}
}
