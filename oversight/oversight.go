// Package oversight is the city office's supervision (seed part 五):
// accounts kept alive (the last update of each, warnings at 10, 14 and 30
// days without one, the accounts silent for 90 days listed as 僵尸账号),
// each government office's monthly progress report by the 20th, the
// campaign's milestones, and the quarterly bulletin with its score. Its
// subpackage content checks what is submitted before it is reviewed.
package oversight

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/approvals"
	"govmedia/catalog"
	"govmedia/citizens"
	"govmedia/registry"
)

// Event is what someone must be told, heard inside the transaction that
// records it as told (so that it is told once).
type Event struct {
	Kind      string    // silent, report_reminder, reports_late, milestone_reminder, milestones_late
	Org       string    // whom to tell: the org whose members hear it
	AccountID int64     // silent: the account
	Account   string    // silent: its name
	Days      int       // silent: the line passed (10, 14, 30, 90)
	Since     time.Time // silent: its last update
	Month     time.Time // reports: the month
	Milestone *Milestone
	Late      []string // reports_late, milestones_late: the orgs (names) behind
}

// Listener hears events inside their transaction.
type Listener func(ctx context.Context, tx bun.Tx, ev Event) error

// Oversight supervises the governments' work.
type Oversight struct {
	db        *bun.DB
	reg       *registry.Registry
	cat       *catalog.Catalog
	cit       *citizens.Citizens // nil: no interaction figures
	cal       approvals.Calendar
	now       govmedia.Clock
	weights   Weights
	listeners []Listener
}

// New returns the oversight service.
func New(db *bun.DB, reg *registry.Registry, cat *catalog.Catalog, cit *citizens.Citizens, cal approvals.Calendar, now govmedia.Clock) *Oversight {
	if now == nil {
		now = govmedia.Now
	}
	return &Oversight{db: db, reg: reg, cat: cat, cit: cit, cal: cal, now: now, weights: DefaultWeights}
}

// Listen adds a listener for every event.
func (o *Oversight) Listen(l Listener) { o.listeners = append(o.listeners, l) }

// SetWeights sets the bulletin's scoring weights.
func (o *Oversight) SetWeights(w Weights) { o.weights = w }

// notify tells of an event once: subject and since name it; a second call
// for the same does nothing (another replica, a second run of the day).
func (o *Oversight) notify(ctx context.Context, subject string, since time.Time, ev Event) error {
	return o.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		res, err := tx.ExecContext(ctx, "INSERT INTO oversight_notices (subject, since, sent_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
			subject, since, o.now())
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		for _, l := range o.listeners {
			if err := l(ctx, tx, ev); err != nil {
				return err
			}
		}
		return nil
	})
}

// cityOffice is the office of the city government, which hears what is late.
func (o *Oversight) cityOffice(ctx context.Context) (string, error) {
	var code string
	err := o.db.NewSelect().TableExpr("orgs AS o").Join("JOIN orgs AS g ON g.code = o.parent_code").
		Column("o.code").Where("o.kind = ? AND g.parent_code IS NULL", registry.Office).Limit(1).Scan(ctx, &code)
	return code, err
}

// civil is the date of t in China, as PostgreSQL's date columns hold it
// (midnight UTC of that date).
func civil(t time.Time) time.Time {
	t = t.In(govmedia.ChinaTime)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// startOf is the first moment of a civil date in China.
func startOf(date time.Time) time.Time {
	return time.Date(date.Year(), date.Month(), date.Day(), 0, 0, 0, 0, govmedia.ChinaTime)
}

// endOf is the last second of a civil date in China.
func endOf(date time.Time) time.Time {
	return time.Date(date.Year(), date.Month(), date.Day(), 23, 59, 59, 0, govmedia.ChinaTime)
}
