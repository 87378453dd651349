package content

import (
	"context"
	"strconv"
	"sync"
	"time"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/audit"
)

// Entry is one word of the lists as stored.
type Entry struct {
	bun.BaseModel `bun:"table:wordlist_entries"`

	VersionID  int64  `bun:"version_id,pk"`
	Kind       string `bun:"kind,pk"` // blocked, sensitive, correction, host
	Word       string `bun:"word,pk"`
	Correction string `bun:"correction"`
	Note       string `bun:"note"`
}

// The kinds of entry.
const (
	EntryBlocked    = "blocked"
	EntrySensitive  = "sensitive"
	EntryCorrection = "correction"
	EntryHost       = "host"
)

type version struct {
	bun.BaseModel `bun:"table:wordlist_versions"`

	ID        int64     `bun:"id,pk,autoincrement"`
	CreatedBy string    `bun:"created_by"`
	CreatedAt time.Time `bun:"created_at"`
	Source    string    `bun:"source"`
	Note      string    `bun:"note"`
}

// Checker checks content against the lists in force, compiled once per
// version and shared by every check in the process.
type Checker struct {
	db  *bun.DB
	now govmedia.Clock

	mu      sync.Mutex
	matcher *Matcher
	always  []string // hosts links may always go to: the service's own public pages
}

// Allow lets links always go to hosts, whatever the lists say: the
// service's own public address, which its composed articles link to.
func (c *Checker) Allow(hosts ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.always = append(c.always, hosts...)
	c.matcher = nil // compiled again with them
}

// NewChecker returns the checker of the lists kept in db.
func NewChecker(db *bun.DB, now govmedia.Clock) *Checker {
	if now == nil {
		now = govmedia.Now
	}
	return &Checker{db: db, now: now}
}

// Check finds everything in texts, against the newest lists (read through
// db, a caller's transaction).
func (c *Checker) Check(ctx context.Context, db bun.IDB, texts []Text) (Report, error) {
	m, err := c.current(ctx, db)
	if err != nil {
		return Report{}, err
	}
	return m.Check(texts), nil
}

// current is the matcher of the newest version, compiled when it changed.
func (c *Checker) current(ctx context.Context, db bun.IDB) (*Matcher, error) {
	var id int64
	if err := db.NewSelect().Model((*version)(nil)).ColumnExpr("coalesce(max(id), 0)").Scan(ctx, &id); err != nil {
		return nil, err
	}
	c.mu.Lock()
	m := c.matcher
	c.mu.Unlock()
	if m != nil && m.version == id {
		return m, nil
	}
	l, err := loadLists(ctx, db, id)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	always := c.always
	c.mu.Unlock()
	if len(l.Hosts) == 0 {
		l.Hosts = DefaultHosts
	}
	l.Hosts = append(l.Hosts, always...)
	m = Compile(l)
	c.mu.Lock()
	c.matcher = m
	c.mu.Unlock()
	return m, nil
}

// Lists returns the lists in force.
func (c *Checker) Lists(ctx context.Context) (Lists, error) {
	var id int64
	if err := c.db.NewSelect().Model((*version)(nil)).ColumnExpr("coalesce(max(id), 0)").Scan(ctx, &id); err != nil {
		return Lists{}, err
	}
	return loadLists(ctx, c.db, id)
}

func loadLists(ctx context.Context, db bun.IDB, id int64) (Lists, error) {
	l := Lists{Version: id, Corrections: map[string]string{}}
	if id == 0 {
		return l, nil
	}
	var entries []Entry
	if err := db.NewSelect().Model(&entries).Where("version_id = ?", id).OrderExpr("kind, word").Scan(ctx); err != nil {
		return l, err
	}
	for _, e := range entries {
		switch e.Kind {
		case EntryBlocked:
			l.Blocked = append(l.Blocked, e.Word)
		case EntrySensitive:
			l.Sensitive = append(l.Sensitive, e.Word)
		case EntryCorrection:
			l.Corrections[e.Word] = e.Correction
		case EntryHost:
			l.Hosts = append(l.Hosts, e.Word)
		}
	}
	return l, nil
}

// Replace makes entries the lists in force, as a new version, in one
// transaction, and returns its number. Errors: EINVALID (every bad
// entry, as FieldErrors).
func (c *Checker) Replace(ctx context.Context, by govmedia.Actor, entries []Entry, source string) (int64, error) {
	if err := checkEntries(entries); err != nil {
		return 0, err
	}
	var v version
	err := c.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		v = version{CreatedBy: by.String(), CreatedAt: c.now(), Source: source}
		if _, err := tx.NewInsert().Model(&v).Exec(ctx); err != nil {
			return err
		}
		for i := range entries {
			entries[i].VersionID = v.ID
		}
		for start := 0; start < len(entries); start += 1000 {
			chunk := entries[start:min(start+1000, len(entries))]
			if _, err := tx.NewInsert().Model(&chunk).Exec(ctx); err != nil {
				return err
			}
		}
		return audit.Append(ctx, tx, v.CreatedAt, by, "wordlist", itoa(v.ID), "wordlist.replace",
			map[string]any{"entries": len(entries), "source": source})
	})
	return v.ID, err
}

// Entries returns the entries in force, for export and for editing.
func (c *Checker) Entries(ctx context.Context) ([]Entry, error) {
	var entries []Entry
	err := c.db.NewSelect().Model(&entries).
		Where("version_id = (SELECT max(id) FROM wordlist_versions)").OrderExpr("kind, word").Scan(ctx)
	return entries, err
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
