package keyring

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"govmedia"
	"govmedia/postgres"
)

// Follow keeps box on the key in use until ctx ends: it listens for the
// rotations' notifications, and looks every interval in case one was
// missed (a dropped connection). A running replica thus seals in memory
// (the bot's forms) under a new key moments after the rotation commits.
func Follow(ctx context.Context, db *postgres.DB, box *govmedia.SecretBox, interval time.Duration, log *slog.Logger) {
	for ctx.Err() == nil {
		err := listen(ctx, db, box, interval)
		if ctx.Err() != nil {
			return
		}
		log.Warn("following key rotations", "err", err)
		select {
		case <-ctx.Done():
		case <-time.After(interval):
		}
	}
}

// listen holds a connection of its own that listens on the channel, and
// refreshes box after each notification or interval, until an error.
func listen(ctx context.Context, db *postgres.DB, box *govmedia.SecretBox, interval time.Duration) error {
	pooled, err := db.Pool.Acquire(ctx)
	if err != nil {
		return err
	}
	conn := pooled.Hijack() // a listening connection must not go back to the pool
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "LISTEN "+channel); err != nil {
		return err
	}
	for {
		if err := Refresh(ctx, db.DB, box); err != nil {
			return err
		}
		wait, cancel := context.WithTimeout(ctx, interval)
		_, err := conn.WaitForNotification(wait)
		cancel()
		if err != nil && (ctx.Err() != nil || !errors.Is(err, context.DeadlineExceeded)) {
			return err
		}
	}
}
