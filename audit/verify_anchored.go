package audit

import (
	"bytes"
	"context"
	"errors"
	"time"

	"github.com/uptrace/bun"

	"govmedia"
)

// Anchors is what VerifyAnchored holds the chain against, besides itself.
type Anchors struct {
	Box    *govmedia.SecretBox // checks the checkpoints' signatures (under any key it knows)
	Saved  []Checkpoint        // checkpoints kept outside the database (ReadSaved)
	MaxAge time.Duration       // how old the newest checkpoint may be; 0: any age
	Now    time.Time
}

// VerifyAnchored is Verify that also checks the checkpoints: that they
// follow one another without a gap and carry the service's signature, that
// the chain reaches every head they sign (with the count they state), that
// the copies kept elsewhere are still in the database, and that the newest
// is at most MaxAge old. A log rewritten and rehashed by someone with
// database rights fails one of these: a checkpoint after the rewrite
// disagrees with it; deleting those leaves a gap, an old newest
// checkpoint, or a copy kept elsewhere missing.
func VerifyAnchored(ctx context.Context, db *bun.DB, a Anchors) (Report, error) {
	var r Report
	if a.Box == nil {
		return r, govmedia.Errorf(govmedia.EINTERNAL, "secret.no_key")
	}
	if _, err := Seal(ctx, db); err != nil {
		return r, err
	}
	var stored []Checkpoint
	if err := db.NewSelect().Model(&stored).OrderExpr("number").Scan(ctx); err != nil {
		return r, err
	}
	if len(stored) > 0 {
		r.Newest = &stored[len(stored)-1]
	}
	if r.Break = checkStored(stored, a.Box); r.Break != nil {
		return r, nil
	}
	r.Checkpoints = len(stored)
	if r.Break = checkSaved(a.Saved, stored, a.Box, &r); r.Break != nil {
		return r, nil
	}
	heads := coverage(append(append([]Checkpoint(nil), stored...), a.Saved...))
	var oldest, last *Entry
	err := walk(ctx, db, &r, func(e *Entry) *Break {
		if oldest == nil {
			oldest = e
		}
		last = e
		return heads.reached(e, r.Entries)
	})
	if err != nil || r.Break != nil {
		return r, err
	}
	if r.Break = heads.beyond(last); r.Break != nil {
		return r, nil
	}
	r.Break = fresh(r.Newest, oldest, a)
	return r, nil
}

// checkStored checks the checkpoints in the database, oldest first.
func checkStored(list []Checkpoint, box *govmedia.SecretBox) *Break {
	prev := []byte{}
	for i := range list {
		c := &list[i]
		switch {
		case c.Number != int64(i+1):
			return newBreak(0, int64(i+1), "audit.checkpoint_missing", "number", i+1)
		case !bytes.Equal(c.PrevHash, prev):
			return newBreak(0, c.Number, "audit.checkpoint_unlinked", "number", c.Number)
		case !bytes.Equal(c.computeHash(), c.Hash):
			return newBreak(0, c.Number, "audit.checkpoint_changed", "number", c.Number)
		}
		if err := box.Verify(checkpointLabel, c.Hash, c.signature()); err != nil {
			if errors.Is(err, govmedia.ErrWrongKey) {
				return newBreak(0, c.Number, "audit.checkpoint_unknown_key", "number", c.Number, "key", c.KeyFingerprint)
			}
			return newBreak(0, c.Number, "audit.checkpoint_forged", "number", c.Number)
		}
		prev = c.Hash
	}
	return nil
}

// checkSaved checks the copies kept elsewhere: each whole and signed (or
// signed under a key no longer known), and each still in the database.
func checkSaved(saved, stored []Checkpoint, box *govmedia.SecretBox, r *Report) *Break {
	for i := range saved {
		s := &saved[i]
		if !bytes.Equal(s.computeHash(), s.Hash) {
			return newBreak(0, s.Number, "audit.saved_changed", "number", s.Number)
		}
		switch err := box.Verify(checkpointLabel, s.Hash, s.signature()); {
		case errors.Is(err, govmedia.ErrWrongKey):
			r.Unsigned = append(r.Unsigned, s.Number)
		case err != nil:
			return newBreak(0, s.Number, "audit.saved_forged", "number", s.Number)
		}
		if s.Number > int64(len(stored)) {
			return newBreak(0, s.Number, "audit.saved_missing", "number", s.Number, "at", govmedia.FormatTime(s.At))
		}
		if !bytes.Equal(stored[s.Number-1].Hash, s.Hash) {
			return newBreak(0, s.Number, "audit.saved_differs", "number", s.Number)
		}
		r.Saved++
	}
	return nil
}

// heads are the checkpoints by the entry they end at.
type heads map[int64][]*Checkpoint

func coverage(list []Checkpoint) heads {
	h := heads{}
	for i := range list {
		h[list[i].HeadSeq] = append(h[list[i].HeadSeq], &list[i])
	}
	return h
}

// reached checks the checkpoints that end at e: the chain must reach their
// head hash after as many entries as they state.
func (h heads) reached(e *Entry, entries int) *Break {
	for _, c := range h[e.Seq] {
		if !bytes.Equal(c.HeadHash, e.Hash) || c.Entries != int64(entries) {
			return newBreak(e.ID, c.Number, "audit.checkpoint_disagrees", "number", c.Number, "at", govmedia.FormatTime(c.At), "seq", c.HeadSeq)
		}
	}
	return nil
}

// beyond finds a checkpoint past the log's last entry: entries were removed.
func (h heads) beyond(last *Entry) *Break {
	end := int64(0)
	if last != nil {
		end = last.Seq
	}
	for seq, list := range h {
		if seq > end || (seq == 0 && list[0].Entries != 0) {
			c := list[0]
			return newBreak(0, c.Number, "audit.checkpoint_beyond_log", "number", c.Number, "at", govmedia.FormatTime(c.At), "seq", seq, "last", end)
		}
	}
	return nil
}

// fresh checks that the newest checkpoint is at most MaxAge old; without
// any, that the log is younger than that.
func fresh(newest *Checkpoint, oldest *Entry, a Anchors) *Break {
	if a.MaxAge <= 0 {
		return nil
	}
	if newest == nil {
		if oldest != nil && a.Now.Sub(oldest.At) > a.MaxAge {
			return newBreak(0, 0, "audit.not_anchored", "at", govmedia.FormatTime(oldest.At), "max", a.MaxAge)
		}
		return nil
	}
	if a.Now.Sub(newest.At) > a.MaxAge {
		return newBreak(0, newest.Number, "audit.checkpoint_stale", "number", newest.Number, "at", govmedia.FormatTime(newest.At), "max", a.MaxAge)
	}
	return nil
}
