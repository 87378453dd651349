// Package audit keeps the append-only, hash-chained log of every state
// change of every subject. Each entry carries the hash of the entry before
// it, so that a changed, removed or reordered entry breaks the chain, and
// the database refuses UPDATE, DELETE and TRUNCATE on the table.
//
// Writers only insert, in the transaction of the change they record; Seal
// then chains committed entries in short transactions of its own, so that
// concurrent writers never queue behind one another on the chain. The
// service seals every second; Verify seals before it checks.
package audit

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"hash"
	"time"

	"github.com/uptrace/bun"

	"govmedia"
)

// Entry is one line of the log.
type Entry struct {
	bun.BaseModel `bun:"table:audit_log"`

	ID          int64           `bun:"id,pk,autoincrement"`
	Seq         int64           `bun:"seq,nullzero"`
	At          time.Time       `bun:"at"`
	Actor       string          `bun:"actor"`
	SubjectKind string          `bun:"subject_kind"`
	SubjectID   string          `bun:"subject_id"`
	Action      string          `bun:"action"`
	Detail      json.RawMessage `bun:"detail,type:json"`
	PrevHash    []byte          `bun:"prev_hash"`
	Hash        []byte          `bun:"hash"`
}

// Append writes one entry inside tx; Seal chains it once tx has committed.
// detail is marshalled to JSON; it must not hold secrets.
func Append(ctx context.Context, tx bun.IDB, now time.Time, actor govmedia.Actor, kind, id, action string, detail any) error {
	raw, err := json.Marshal(detail)
	if err != nil {
		return err
	}
	e := &Entry{At: now.UTC().Truncate(time.Microsecond), Actor: actor.String(),
		SubjectKind: kind, SubjectID: id, Action: action, Detail: raw}
	_, err = tx.NewInsert().Model(e).ExcludeColumn("id", "seq", "prev_hash", "hash").Exec(ctx)
	return err
}

// computeHash is sha256 over the previous hash and every field, each
// prefixed with its length, so that no two entries encode alike.
func (e *Entry) computeHash() []byte {
	h := newHasher()
	h.field(e.PrevHash)
	h.num(e.Seq)
	h.num(e.At.UnixMicro())
	h.field([]byte(e.Actor))
	h.field([]byte(e.SubjectKind))
	h.field([]byte(e.SubjectID))
	h.field([]byte(e.Action))
	h.field(e.Detail)
	return h.Sum(nil)
}

// hasher is sha256 over fields each prefixed with its length.
type hasher struct{ hash.Hash }

func newHasher() hasher { return hasher{sha256.New()} }

func (h hasher) field(b []byte) {
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], uint64(len(b)))
	h.Write(n[:])
	h.Write(b)
}

func (h hasher) num(v int64) {
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], uint64(v))
	h.field(n[:])
}
