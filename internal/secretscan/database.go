package secretscan

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"
)

// Database reads every row of every table of the database's public
// schema as text (River's jobs included): what a stolen backup shows. A
// secret sealed at rest is not found in it; one stored plain is.
func Database(db bun.IDB) func() []string {
	return func() []string {
		ctx := context.Background()
		var tables []string
		if err := db.NewRaw(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`).Scan(ctx, &tables); err != nil {
			return []string{fmt.Sprintf("secretscan: listing the tables: %v", err)}
		}
		var out []string
		for _, t := range tables {
			var rows []string
			if err := db.NewRaw(`SELECT t::text FROM ? AS t`, bun.Ident(t)).Scan(ctx, &rows); err != nil {
				return append(out, fmt.Sprintf("secretscan: reading %s: %v", t, err))
			}
			for _, r := range rows {
				out = append(out, t+": "+r)
			}
		}
		return out
	}
}
