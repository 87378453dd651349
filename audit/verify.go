package audit

import (
	"bytes"
	"context"
	"fmt"

	"github.com/uptrace/bun"
)

// Break is the first entry whose chain does not hold.
type Break struct {
	ID     int64
	Reason string
}

// Report is the outcome of a verification.
type Report struct {
	Entries int
	Break   *Break // nil when the chain holds
}

// Verify seals what is committed but not yet sealed, then recomputes the
// chain from the first entry in pages and reports the first entry that does
// not hold: its content was changed, or the entry before it was removed or
// replaced.
func Verify(ctx context.Context, db *bun.DB) (Report, error) {
	var r Report
	if _, err := Seal(ctx, db); err != nil {
		return r, err
	}
	prev := []byte{}
	after := int64(0)
	for {
		var page []Entry
		err := db.NewSelect().Model(&page).Where("seq > ?", after).OrderExpr("seq").Limit(1000).Scan(ctx)
		if err != nil {
			return r, err
		}
		if len(page) == 0 {
			return r, nil
		}
		for i := range page {
			e := &page[i]
			if b := check(e, prev); b != nil {
				r.Break = b
				return r, nil
			}
			prev, after = e.Hash, e.Seq
			r.Entries++
		}
	}
}

func check(e *Entry, prev []byte) *Break {
	if e.Seq != 0 && !bytes.Equal(e.PrevHash, prev) {
		return &Break{ID: e.ID, Reason: fmt.Sprintf("entry %d does not follow the entry before it: an entry was removed, inserted or replaced", e.ID)}
	}
	if !bytes.Equal(e.computeHash(), e.Hash) {
		return &Break{ID: e.ID, Reason: fmt.Sprintf("entry %d was changed after it was written: its content no longer matches its hash", e.ID)}
	}
	return nil
}
