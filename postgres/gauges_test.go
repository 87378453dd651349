package postgres_test

import (
	"context"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"govmedia/postgres"
	"govmedia/postgres/pgtest"
)

// TestGaugesReadTheDatabaseWhenScraped: a gauge's rows become its series
// as they stand at each scrape; a failing query is counted, and the other
// gauges still come.
func TestGaugesReadTheDatabaseWhenScraped(t *testing.T) {
	ctx := context.Background()
	db, err := postgres.Open(ctx, pgtest.NewDatabaseURL(t), 4)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "CREATE TABLE parcels (state text); INSERT INTO parcels VALUES ('sent'), ('sent'), ('lost')"); err != nil {
		t.Fatal(err)
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(postgres.NewGauges(db.DB,
		postgres.Gauge{Name: "parcels", Help: "Parcels by state.", Labels: []string{"state"}, Query: "SELECT state, count(*) FROM parcels GROUP BY 1"},
		postgres.Gauge{Name: "broken", Help: "A query that fails.", Query: "SELECT count(*) FROM no_such_table"}))
	want := func(text string) {
		t.Helper()
		if err := testutil.GatherAndCompare(reg, strings.NewReader(text), "parcels", "govmedia_gauge_errors"); err != nil {
			t.Fatal(err)
		}
	}
	want(`# HELP govmedia_gauge_errors Gauges whose query failed in this scrape.
# TYPE govmedia_gauge_errors gauge
govmedia_gauge_errors{gauge="broken"} 1
# HELP parcels Parcels by state.
# TYPE parcels gauge
parcels{state="lost"} 1
parcels{state="sent"} 2
`)
	if _, err := db.ExecContext(ctx, "UPDATE parcels SET state = 'sent'"); err != nil {
		t.Fatal(err)
	}
	want(`# HELP govmedia_gauge_errors Gauges whose query failed in this scrape.
# TYPE govmedia_gauge_errors gauge
govmedia_gauge_errors{gauge="broken"} 1
# HELP parcels Parcels by state.
# TYPE parcels gauge
parcels{state="sent"} 3
`)
}
