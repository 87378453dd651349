// Package audit keeps the append-only, hash-chained log of every state
// change of every subject. Each entry carries the hash of the entry before
// it, so that a changed, removed or reordered entry breaks the chain, and
// the database refuses UPDATE, DELETE and TRUNCATE on the table.
package audit

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"time"

	"github.com/uptrace/bun"

	"govmedia"
)

// Entry is one line of the log.
type Entry struct {
	bun.BaseModel `bun:"table:audit_log"`

	ID          int64           `bun:"id,pk"`
	At          time.Time       `bun:"at"`
	Actor       string          `bun:"actor"`
	SubjectKind string          `bun:"subject_kind"`
	SubjectID   string          `bun:"subject_id"`
	Action      string          `bun:"action"`
	Detail      json.RawMessage `bun:"detail,type:json"`
	PrevHash    []byte          `bun:"prev_hash"`
	Hash        []byte          `bun:"hash"`
}

// chainLock serialises appends, so that each entry sees the one before it.
// It is a transaction lock: taken as late as possible, held until commit.
const chainLock = 7_341_202_613

// Append writes one entry inside tx, chained to the last committed entry.
// detail is marshalled to JSON; it must not hold secrets.
func Append(ctx context.Context, tx bun.IDB, now time.Time, actor govmedia.Actor, kind, id, action string, detail any) error {
	raw, err := json.Marshal(detail)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(?)", chainLock); err != nil {
		return err
	}
	e := &Entry{At: now.UTC().Truncate(time.Microsecond), Actor: actor.String(),
		SubjectKind: kind, SubjectID: id, Action: action, Detail: raw}
	err = tx.NewRaw("SELECT nextval('audit_log_id_seq'), coalesce((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1), ''::bytea)").
		Scan(ctx, &e.ID, &e.PrevHash)
	if err != nil {
		return err
	}
	e.Hash = e.computeHash()
	_, err = tx.NewInsert().Model(e).Exec(ctx)
	return err
}

// computeHash is sha256 over the previous hash and every field, each
// length-prefixed so that no two entries encode alike.
func (e *Entry) computeHash() []byte {
	h := sha256.New()
	field := func(b []byte) {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(b)))
		h.Write(n[:])
		h.Write(b)
	}
	num := func(v int64) {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(v))
		field(n[:])
	}
	field(e.PrevHash)
	num(e.ID)
	num(e.At.UnixMicro())
	field([]byte(e.Actor))
	field([]byte(e.SubjectKind))
	field([]byte(e.SubjectID))
	field([]byte(e.Action))
	field(e.Detail)
	return h.Sum(nil)
}
