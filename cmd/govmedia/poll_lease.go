package main

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Telegram serves one getUpdates at a time: a second poller takes over
// with 409 Conflict, and both handle the updates the other has not yet
// confirmed. So of several replicas polling, one holds the poller's lease
// (a PostgreSQL advisory lock on a connection of its own) and runs the
// bot; the others send through it but do not poll, and try for the lease
// every leaseRetry. A holder that dies loses the lock with its session. A
// holder whose connection breaks (the database restarted) takes the lock
// back as soon as the database answers, checking every leaseCheck; if
// another replica was quicker, it stops polling for good (the bot does
// not start twice in one process) and goes on serving and sending.
// With a webhook every replica runs the bot: Telegram posts each update
// once, to whichever the load balancer picks.

// pollLeaseKey names the advisory lock.
const pollLeaseKey int64 = 0x676f766d65646961 // "govmedia"

const (
	leaseRetry = 2 * time.Second
	leaseCheck = time.Second
)

// runBot runs the bot until ctx ends: at once with a webhook, else once
// this replica holds the poller's lease, for as long as it holds it.
func (s *services) runBot(ctx context.Context) error {
	if s.app.cfg.TelegramWebhookURL != "" {
		return s.bot.Run(ctx)
	}
	lease, err := takeLease(ctx, s.app.db.Pool, leaseRetry)
	if err != nil {
		return nil // ctx ended while waiting
	}
	s.app.log.Info("holding the Telegram poller's lease")
	ctx, lost := context.WithCancel(ctx)
	defer lost()
	go func() {
		if keepLease(ctx, s.app.db.Pool, lease) {
			s.app.log.Warn("lost the Telegram poller's lease: this replica stops polling")
			lost()
		}
	}()
	return s.bot.Run(ctx)
}

// takeLease waits until it holds the lock, trying every retry.
func takeLease(ctx context.Context, pool *pgxpool.Pool, retry time.Duration) (*pgxpool.Conn, error) {
	for {
		if conn, err := pool.Acquire(ctx); err == nil {
			var held bool
			if err := conn.QueryRow(ctx, "SELECT pg_try_advisory_lock($1)", pollLeaseKey).Scan(&held); err == nil && held {
				return conn, nil
			}
			conn.Release()
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(retry):
		}
	}
}

// keepLease holds the lease until ctx ends, checking every leaseCheck
// that its connection is alive. When it is not, it takes the lock again on
// a new connection as soon as the database answers; if another replica
// holds it by then, the lease is lost. It reports whether it was lost
// (false: ctx ended), and releases the connection either way.
func keepLease(ctx context.Context, pool *pgxpool.Pool, conn *pgxpool.Conn) bool {
	for {
		select {
		case <-ctx.Done():
			conn.Release()
			return false
		case <-time.After(leaseCheck):
		}
		if conn.Ping(ctx) == nil {
			continue
		}
		conn.Release()
		for conn = nil; conn == nil; {
			fresh, err := pool.Acquire(ctx)
			if err != nil { // the database is away: nobody can take the lock meanwhile
				select {
				case <-ctx.Done():
					return false
				case <-time.After(leaseCheck):
				}
				continue
			}
			var held bool
			if err := fresh.QueryRow(ctx, "SELECT pg_try_advisory_lock($1)", pollLeaseKey).Scan(&held); err != nil || !held {
				fresh.Release()
				return ctx.Err() == nil
			}
			conn = fresh
		}
	}
}
