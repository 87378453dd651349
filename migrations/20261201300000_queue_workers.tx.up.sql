-- Each process working the job queue says here, every few seconds, that it
-- is alive (postgres/queue_alive.go). A job still running under a process
-- that has stopped saying so (killed, its machine lost) is resumed by the
-- others within a minute, instead of waiting for River's rescuer.
CREATE TABLE queue_workers (
    id text PRIMARY KEY,          -- River's client id, as river_job.attempted_by names it
    seen_at timestamptz NOT NULL  -- its last heartbeat, by the database's clock
);
