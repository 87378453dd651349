package postgres

import (
	"cmp"
	"context"
	"log/slog"
	"time"
)

// Resuming the jobs of a process that died.
//
// River's own answer is its rescuer: a job running for longer than
// RescueAfter (10 minutes here, as a delivery may rightly run 5) is taken
// to be stuck and run again. A killed instance's jobs so wait ten minutes,
// and a shorter RescueAfter would run long, healthy jobs twice.
//
// What is needed is not how long a job has run but whether the process
// running it is alive. So each process says so: its River client id (which
// River writes into each job it takes, as the last of attempted_by) is a
// row of queue_workers whose seen_at it refreshes every Heartbeat. Every
// process, at each heartbeat, resumes the running jobs whose last taker
// has a row not refreshed for DeadAfter: they are made available again at
// once (or discarded if that was their last attempt, as River's rescuer
// does), with an error naming the process that left them. A process that
// stops cleanly marks its row dead on its way out, so that a job it could
// not finish is resumed at the next heartbeat of another.
//
// A job whose taker has no row at all (a process of an older version) is
// left to River's rescuer: no process is taken for dead without having
// said it was alive. The clocks compared are the database's only.
//
// A process cut off from the database for longer than DeadAfter while its
// jobs go on is taken for dead too, and its jobs run twice; they cannot
// record their own progress meanwhile either, and deliveries are built to
// run again after an unknown outcome (a crash looks the same).

// Heartbeat and DeadAfter defaults: a killed process's jobs are resumed
// within DeadAfter + Heartbeat (35 s) of its last heartbeat.
const (
	DefaultHeartbeat = 5 * time.Second
	DefaultDeadAfter = 30 * time.Second
)

// alive keeps this process's heartbeat and resumes dead processes' jobs.
func (q *Queue) alive(ctx context.Context, db *DB, id string, log *slog.Logger) error {
	if err := q.beat(ctx, db, id, log); err != nil {
		return err
	}
	ctx, q.stopAlive = context.WithCancel(context.WithoutCancel(ctx))
	every := cmp.Or(q.Heartbeat, DefaultHeartbeat)
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if err := q.beat(ctx, db, id, log); err != nil && ctx.Err() == nil {
					log.Warn("job queue heartbeat", "err", err)
				}
			}
		}
	}()
	return nil
}

// beat refreshes this process's row and resumes the jobs of dead ones.
func (q *Queue) beat(ctx context.Context, db *DB, id string, log *slog.Logger) error {
	ctx, cancel := context.WithTimeout(ctx, cmp.Or(q.Heartbeat, DefaultHeartbeat))
	defer cancel()
	if _, err := db.ExecContext(ctx, `INSERT INTO queue_workers (id, seen_at) VALUES (?, now())
		ON CONFLICT (id) DO UPDATE SET seen_at = now()`, id); err != nil {
		return err
	}
	var resumed []struct {
		ID    int64  `bun:"id"`
		Kind  string `bun:"kind"`
		Taker string `bun:"taker"`
	}
	err := db.NewRaw(resumeDead, cmp.Or(q.DeadAfter, DefaultDeadAfter).Seconds()).Scan(ctx, &resumed)
	for _, j := range resumed {
		log.Warn("resumed a job whose process died", "job", j.ID, "kind", j.Kind, "process", j.Taker)
	}
	if err == nil {
		_, err = db.ExecContext(ctx, "DELETE FROM queue_workers WHERE seen_at < now() - interval '1 day'")
	}
	return err
}

// resumeDead makes the running jobs of dead processes available again.
const resumeDead = `WITH dead AS (
		SELECT id FROM queue_workers WHERE seen_at < now() - make_interval(secs => ?)
	)
	UPDATE river_job AS j SET
		state = CASE WHEN j.attempt >= j.max_attempts THEN 'discarded' ELSE 'available' END::river_job_state,
		finalized_at = CASE WHEN j.attempt >= j.max_attempts THEN now() END,
		scheduled_at = now(),
		errors = array_append(j.errors, jsonb_build_object('at', now(), 'attempt', j.attempt,
			'error', 'the process running it (' || dead.id || ') died; resumed', 'trace', ''))
	FROM dead
	WHERE j.state = 'running' AND j.attempted_by[array_length(j.attempted_by, 1)] = dead.id
	RETURNING j.id, j.kind, dead.id AS taker`

// retire marks this process's row dead, so that whatever it leaves
// running is resumed by the others at once.
func (q *Queue) retire() {
	if q.stopAlive == nil {
		return
	}
	q.stopAlive()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, _ = q.db.ExecContext(ctx, "UPDATE queue_workers SET seen_at = '-infinity' WHERE id = ?", q.worker.ID())
}
