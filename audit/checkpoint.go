package audit

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/keyring"
)

// Checkpoint is a signed statement of the chain's head at a time: the last
// sealed entry, its hash and how many entries lead to it. Checkpoints are
// numbered without gaps and chained like the entries, and are published
// (CheckpointsHandler), so that a copy kept outside the database anchors
// the chain: a rewritten log, even with every hash recomputed, no longer
// reaches the head a checkpoint signed.
type Checkpoint struct {
	bun.BaseModel `bun:"table:audit_checkpoints"`

	Number         int64     `bun:"number,pk"`
	HeadSeq        int64     `bun:"head_seq"`
	HeadHash       []byte    `bun:"head_hash"`
	Entries        int64     `bun:"entries"`
	At             time.Time `bun:"at"`
	PrevHash       []byte    `bun:"prev_hash"`
	Hash           []byte    `bun:"hash"`
	KeyFingerprint string    `bun:"key_fingerprint"`
	Signature      []byte    `bun:"signature"`
}

// checkpointLabel is what checkpoints are signed for; the signing key is
// derived from the secret key for this label alone.
const checkpointLabel = "audit.checkpoint"

// checkpointLock serialises checkpoint writers across replicas.
const checkpointLock = 7_341_202_614

// computeHash is sha256 over every field before the hash, each prefixed
// with its length, after a label that no entry's encoding starts with.
func (c *Checkpoint) computeHash() []byte {
	h := newHasher()
	h.field([]byte("govmedia audit checkpoint"))
	h.num(c.Number)
	h.num(c.HeadSeq)
	h.field(c.HeadHash)
	h.num(c.Entries)
	h.num(c.At.UnixMicro())
	h.field(c.PrevHash)
	return h.Sum(nil)
}

// signature is the checkpoint's signature with the key it names.
func (c *Checkpoint) signature() govmedia.Signature {
	return govmedia.Signature{Fingerprint: c.KeyFingerprint, MAC: c.Signature}
}

// WriteCheckpoint seals what is committed and writes the next checkpoint,
// signed under the key in use, unless one was written less than minGap
// before now (another replica's: then it returns nil). Writers take turns.
func WriteCheckpoint(ctx context.Context, db *bun.DB, box *govmedia.SecretBox, now time.Time, minGap time.Duration) (*Checkpoint, error) {
	if box == nil {
		return nil, govmedia.Errorf(govmedia.EINTERNAL, "secret.no_key")
	}
	if _, err := Seal(ctx, db); err != nil {
		return nil, err
	}
	var written *Checkpoint
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := keyring.Lock(ctx, tx, box); err != nil { // the key first, as keyring asks
			return err
		}
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(?)", checkpointLock); err != nil {
			return err
		}
		prev, err := newestCheckpoint(ctx, tx)
		if err != nil || (prev != nil && now.Sub(prev.At) < minGap) {
			return err
		}
		c, err := nextCheckpoint(ctx, tx, prev, now)
		if err != nil {
			return err
		}
		sig, err := keyring.Sign(ctx, tx, box, checkpointLabel, c.Hash)
		if err != nil {
			return err
		}
		c.KeyFingerprint, c.Signature = sig.Fingerprint, sig.MAC
		if _, err := tx.NewInsert().Model(c).Exec(ctx); err != nil {
			return err
		}
		written = c
		return nil
	})
	return written, err
}

// nextCheckpoint states the chain's head now, after prev (nil: the first).
func nextCheckpoint(ctx context.Context, tx bun.Tx, prev *Checkpoint, now time.Time) (*Checkpoint, error) {
	c := &Checkpoint{Number: 1, HeadHash: []byte{}, PrevHash: []byte{}, At: now.UTC().Truncate(time.Microsecond)}
	if prev != nil {
		c.Number, c.PrevHash = prev.Number+1, prev.Hash
	}
	head := new(Entry)
	err := tx.NewSelect().Model(head).Column("seq", "hash").Where("seq IS NOT NULL").OrderExpr("seq DESC").Limit(1).Scan(ctx)
	switch {
	case isNoRows(err):
	case err != nil:
		return nil, err
	default:
		c.HeadSeq, c.HeadHash = head.Seq, head.Hash
	}
	n, err := tx.NewSelect().Model((*Entry)(nil)).Where("seq <= ?", c.HeadSeq).Count(ctx)
	if err != nil {
		return nil, err
	}
	c.Entries = int64(n)
	c.Hash = c.computeHash()
	return c, nil
}

func newestCheckpoint(ctx context.Context, db bun.IDB) (*Checkpoint, error) {
	c := new(Checkpoint)
	err := db.NewSelect().Model(c).OrderExpr("number DESC").Limit(1).Scan(ctx)
	if isNoRows(err) {
		return nil, nil
	}
	return c, err
}

// Checkpoints returns the newest checkpoints, newest first, at most limit.
func Checkpoints(ctx context.Context, db bun.IDB, limit int) ([]Checkpoint, error) {
	var list []Checkpoint
	err := db.NewSelect().Model(&list).OrderExpr("number DESC").Limit(int64(limit)).Scan(ctx)
	return list, err
}

// CheckpointEvery writes a checkpoint every interval until ctx ends; with
// several replicas, the one whose turn comes first writes it and the others
// find it fresh.
func CheckpointEvery(ctx context.Context, db *bun.DB, box *govmedia.SecretBox, interval time.Duration, now govmedia.Clock, log *slog.Logger) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, err := WriteCheckpoint(ctx, db, box, now(), interval*9/10); err != nil && ctx.Err() == nil {
			log.Error("writing an audit checkpoint", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// ResignCheckpoints is the audit's step of a key rotation: it checks each
// checkpoint's hash and its signature under the key that made it, and
// signs it again under the new key, so that checkpoints keep verifying
// once the old key is forgotten.
func ResignCheckpoints(ctx context.Context, tx bun.Tx, k *keyring.Rekey) error {
	var list []Checkpoint
	if err := tx.NewSelect().Model(&list).OrderExpr("number").For("UPDATE").Scan(ctx); err != nil {
		return err
	}
	for i := range list {
		c := &list[i]
		if !bytes.Equal(c.computeHash(), c.Hash) {
			return fmt.Errorf("audit checkpoint %d no longer matches its hash: run `govmedia audit verify`", c.Number)
		}
		sig, err := k.Resign(checkpointLabel, c.Hash, c.signature())
		if err != nil {
			return fmt.Errorf("audit checkpoint %d: %w: run `govmedia audit verify`", c.Number, err)
		}
		if sig.Fingerprint == c.KeyFingerprint {
			continue
		}
		c.KeyFingerprint, c.Signature = sig.Fingerprint, sig.MAC
		if _, err := tx.NewUpdate().Model(c).Column("key_fingerprint", "signature").WherePK().Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}
