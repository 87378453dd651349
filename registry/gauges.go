package registry

import "govmedia/postgres"

// Gauges are the register's accounts by platform and state.
func Gauges() []postgres.Gauge {
	return []postgres.Gauge{
		{Name: "govmedia_accounts", Help: "Accounts in the register by platform and state.",
			Labels: []string{"platform", "state"}, Query: `SELECT platform, state, count(*) FROM accounts GROUP BY 1, 2`},
	}
}
