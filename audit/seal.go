package audit

import (
	"context"
	"log/slog"
	"time"

	"github.com/uptrace/bun"
)

// sealLock serialises sealers across processes.
const sealLock = 7_341_202_613

// sealBatch is how many entries one sealing transaction takes at most.
const sealBatch = 1000

// Seal chains every committed entry not yet sealed, oldest first, and
// returns how many it sealed. Concurrent sealers (several replicas) take
// turns; each entry is sealed once.
func Seal(ctx context.Context, db *bun.DB) (int, error) {
	total := 0
	for {
		n, err := sealOnce(ctx, db)
		total += n
		if err != nil || n < sealBatch {
			return total, err
		}
	}
}

func sealOnce(ctx context.Context, db *bun.DB) (int, error) {
	n := 0
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(?)", sealLock); err != nil {
			return err
		}
		last := new(Entry)
		err := tx.NewSelect().Model(last).Column("seq", "hash").Where("seq IS NOT NULL").OrderExpr("seq DESC").Limit(1).Scan(ctx)
		if err != nil && !isNoRows(err) {
			return err
		}
		var batch []*Entry
		if err := tx.NewSelect().Model(&batch).Where("seq IS NULL").OrderExpr("id").Limit(sealBatch).Scan(ctx); err != nil {
			return err
		}
		prev, seq := last.Hash, last.Seq
		if prev == nil {
			prev = []byte{}
		}
		for _, e := range batch {
			seq++
			e.Seq, e.PrevHash = seq, prev
			e.Hash = e.computeHash()
			prev = e.Hash
		}
		n = len(batch)
		return writeSeals(ctx, tx, batch)
	})
	return n, err
}

func writeSeals(ctx context.Context, tx bun.Tx, batch []*Entry) error {
	if len(batch) == 0 {
		return nil
	}
	values := tx.NewValues(&batch).Column("id", "seq", "prev_hash", "hash")
	_, err := tx.NewUpdate().With("_data", values).Model((*Entry)(nil)).TableExpr("_data").
		Set("seq = _data.seq, prev_hash = _data.prev_hash, hash = _data.hash").
		Where("entry.id = _data.id").Exec(ctx)
	return err
}

// SealEvery seals until ctx ends, every interval.
func SealEvery(ctx context.Context, db *bun.DB, interval time.Duration, log *slog.Logger) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := Seal(ctx, db); err != nil && ctx.Err() == nil {
				log.Error("sealing the audit log", "err", err)
			}
		}
	}
}
