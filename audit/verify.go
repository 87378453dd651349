package audit

import (
	"bytes"
	"context"

	"github.com/uptrace/bun"

	"govmedia"
)

// Break is the first thing found that does not hold: an entry (ID) whose
// chain does not hold, or a checkpoint (Checkpoint) the log or the other
// checkpoints disagree with. Key and Args are its message, in the
// translation files; Reason is that message in English.
type Break struct {
	ID         int64
	Checkpoint int64
	Key        string
	Args       []any
	Reason     string
}

func newBreak(entry, checkpoint int64, key string, args ...any) *Break {
	return &Break{ID: entry, Checkpoint: checkpoint, Key: key, Args: args, Reason: govmedia.Print(govmedia.English, key, args...)}
}

// Report is the outcome of a verification.
type Report struct {
	Entries     int
	Break       *Break      // nil when everything holds
	Checkpoints int         // checkpoints that hold (VerifyAnchored)
	Newest      *Checkpoint // the newest checkpoint in the database, nil for none
	Saved       int         // checkpoints kept elsewhere that agree (VerifyAnchored)
	Unsigned    []int64     // of those, the ones signed under a key no longer known: matched by content only
}

// Verify seals what is committed but not yet sealed, then recomputes the
// chain from the first entry in pages and reports the first entry that does
// not hold: its content was changed, or the entry before it was removed or
// replaced. It cannot see a log rewritten with every hash recomputed, as
// someone with database rights could: VerifyAnchored checks the chain
// against the signed checkpoints too.
func Verify(ctx context.Context, db *bun.DB) (Report, error) {
	var r Report
	if _, err := Seal(ctx, db); err != nil {
		return r, err
	}
	err := walk(ctx, db, &r, func(*Entry) *Break { return nil })
	return r, err
}

// walk recomputes the chain, calling at on each entry that holds, until a
// break (its own or at's).
func walk(ctx context.Context, db *bun.DB, r *Report, at func(*Entry) *Break) error {
	prev := []byte{}
	after := int64(0)
	for {
		var page []Entry
		err := db.NewSelect().Model(&page).Where("seq > ?", after).OrderExpr("seq").Limit(1000).Scan(ctx)
		if err != nil || len(page) == 0 {
			return err
		}
		for i := range page {
			e := &page[i]
			if r.Break = check(e, prev); r.Break != nil {
				return nil
			}
			r.Entries++
			if r.Break = at(e); r.Break != nil {
				return nil
			}
			prev, after = e.Hash, e.Seq
		}
	}
}

func check(e *Entry, prev []byte) *Break {
	if e.Seq != 0 && !bytes.Equal(e.PrevHash, prev) {
		return newBreak(e.ID, 0, "audit.entry_unlinked", "id", e.ID)
	}
	if !bytes.Equal(e.computeHash(), e.Hash) {
		return newBreak(e.ID, 0, "audit.entry_changed", "id", e.ID)
	}
	return nil
}
