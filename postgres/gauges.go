package postgres

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/uptrace/bun"
)

// Gauge is a metric read from the database when it is scraped: a query
// whose rows are its label values then its value. Read from the shared
// database, it says the same on every replica (a process's own counters
// would not), and costs nothing between scrapes.
type Gauge struct {
	Name, Help string
	Labels     []string
	Query      string // selects the label values (text) then the value
}

// gauges collects a set of Gauges.
type gauges struct {
	db    bun.IDB
	list  []Gauge
	descs []*prometheus.Desc
	errs  *prometheus.Desc
}

// scrapeTimeout bounds the queries of one scrape.
const scrapeTimeout = 3 * time.Second

// NewGauges returns a collector of gauges read through db; a query that
// fails is counted in govmedia_gauge_errors, not turned into a failed
// scrape, so that the other metrics still arrive.
func NewGauges(db bun.IDB, list ...Gauge) prometheus.Collector {
	g := &gauges{db: db, list: list,
		errs: prometheus.NewDesc("govmedia_gauge_errors", "Gauges whose query failed in this scrape.", []string{"gauge"}, nil)}
	for _, m := range list {
		g.descs = append(g.descs, prometheus.NewDesc(m.Name, m.Help, m.Labels, nil))
	}
	return g
}

func (g *gauges) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range g.descs {
		ch <- d
	}
	ch <- g.errs
}

func (g *gauges) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	for i, m := range g.list {
		if err := g.collect(ctx, ch, g.descs[i], m); err != nil {
			ch <- prometheus.MustNewConstMetric(g.errs, prometheus.GaugeValue, 1, m.Name)
		}
	}
}

func (g *gauges) collect(ctx context.Context, ch chan<- prometheus.Metric, desc *prometheus.Desc, m Gauge) error {
	rows, err := g.db.QueryContext(ctx, m.Query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		labels := make([]string, len(m.Labels))
		dest := make([]any, 0, len(labels)+1)
		for i := range labels {
			dest = append(dest, &labels[i])
		}
		var v float64
		if err := rows.Scan(append(dest, &v)...); err != nil {
			return err
		}
		ch <- prometheus.MustNewConstMetric(desc, prometheus.GaugeValue, v, labels...)
	}
	return rows.Err()
}

// QueueGauges are the job queue's depth by kind and state, and the age of
// the oldest job waiting to run of each kind.
func QueueGauges() []Gauge {
	return []Gauge{
		{Name: "govmedia_jobs", Help: "Jobs in the queue by kind and state (completed and discarded ones are kept a while by River).",
			Labels: []string{"kind", "state"}, Query: `SELECT kind, state::text, count(*) FROM river_job GROUP BY kind, state`},
		{Name: "govmedia_jobs_waiting_oldest_seconds", Help: "Age of the oldest job due to run and not yet running, by kind.",
			Labels: []string{"kind"}, Query: `SELECT kind, extract(epoch FROM now() - min(scheduled_at)) FROM river_job
				WHERE state IN ('available', 'retryable') AND scheduled_at <= now() GROUP BY kind`},
	}
}
