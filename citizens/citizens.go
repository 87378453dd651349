package citizens

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/approvals"
	"govmedia/catalog"
	"govmedia/postgres"
	"govmedia/publish"
	"govmedia/registry"
	"govmedia/wechat"
)

// Options tune how questions are answered and kept.
type Options struct {
	RemindAfter   time.Duration // office hours an open question waits before its unit is reminded (default 4 h)
	EscalateAfter time.Duration // office hours before it is raised with the government office (default 9 h: a working day)
	Retention     time.Duration // how long messages are kept (default 180 days)
	WindowSends   int           // customer-service messages WeChat takes per 48-hour window (default 5)
	PublicURL     string        // the public pages, for the links in answers ("" none)
}

// window is WeChat's customer-service window after a follower's message.
const window = 48 * time.Hour

// Event is what people must be told about a question, heard inside the
// transaction that made it so.
type Event struct {
	Kind     string // asked, followup, reminder, escalated, sent, refused, handed_over, handled
	Question *Question
	Message  *Message // the message the event is about, if any
	Reason   string   // refused: the text key of why (with {code})
	Code     int64    // refused: WeChat's errcode, 0 when WeChat did not refuse it
}

// Listener hears events inside their transaction.
type Listener func(ctx context.Context, tx bun.Tx, ev Event) error

// Citizens answers followers and keeps their questions.
type Citizens struct {
	db        *bun.DB
	reg       *registry.Registry
	box       *govmedia.SecretBox
	cat       *catalog.Catalog
	pub       *publish.Publisher // nil: no policies searched
	cal       approvals.Calendar
	now       govmedia.Clock
	opts      Options
	listeners []Listener
	queue     *postgres.Queue // set by SendReplies
	wx        *wechat.Clients // set by UseWeChat: menus and WeChat's follower figures
}

// New returns the citizens service.
func New(db *bun.DB, reg *registry.Registry, box *govmedia.SecretBox, cat *catalog.Catalog, pub *publish.Publisher,
	cal approvals.Calendar, now govmedia.Clock, opts Options) *Citizens {
	if now == nil {
		now = govmedia.Now
	}
	if opts.RemindAfter == 0 {
		opts.RemindAfter = 4 * time.Hour
	}
	if opts.EscalateAfter == 0 {
		opts.EscalateAfter = 9 * time.Hour
	}
	if opts.Retention == 0 {
		opts.Retention = 180 * 24 * time.Hour
	}
	if opts.WindowSends == 0 {
		opts.WindowSends = 5
	}
	return &Citizens{db: db, reg: reg, box: box, cat: cat, pub: pub, cal: cal, now: now, opts: opts}
}

// Listen adds a listener for every event.
func (c *Citizens) Listen(l Listener) { c.listeners = append(c.listeners, l) }

func (c *Citizens) emit(ctx context.Context, tx bun.Tx, ev Event) error {
	for _, l := range c.listeners {
		if err := l(ctx, tx, ev); err != nil {
			return err
		}
	}
	return nil
}

func (c *Citizens) inTx(ctx context.Context, fn func(tx bun.Tx, now time.Time) error) error {
	return c.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error { return fn(tx, c.now()) })
}

// Account is the official account a callback came to.
type Account struct {
	ID      int64
	AppID   string
	Name    string
	HostOrg string
}
