-- Applications and the steps of their chains. One engine for every subject
-- kind: account applications now, catalog versions and publications later.
CREATE TABLE applications (
    id            bigserial PRIMARY KEY,
    subject_kind  text NOT NULL,
    action        text NOT NULL,
    applicant_id  bigint NOT NULL REFERENCES members (id),
    applicant_org text NOT NULL REFERENCES orgs (code),
    subject_id    bigint,
    base_version  int,
    payload       jsonb NOT NULL,
    state         text NOT NULL CHECK (state IN ('pending', 'returned', 'approved', 'rejected', 'withdrawn')),
    round         int NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    decided_at    timestamptz
);
CREATE INDEX applications_applicant ON applications (applicant_id, id DESC);
CREATE INDEX applications_state ON applications (state, id);
-- One open application per subject at a time.
CREATE UNIQUE INDEX applications_one_open ON applications (subject_kind, subject_id)
    WHERE state IN ('pending', 'returned') AND subject_id IS NOT NULL;

CREATE TABLE application_steps (
    id             bigserial PRIMARY KEY,
    application_id bigint NOT NULL REFERENCES applications (id),
    round          int NOT NULL,
    position       int NOT NULL,
    office_org     text NOT NULL REFERENCES orgs (code),
    decider_role   text NOT NULL CHECK (decider_role IN ('reviewer', 'approver', 'guide')),
    state          text NOT NULL CHECK (state IN ('waiting', 'pending', 'approved', 'returned', 'rejected', 'cancelled')),
    started_at     timestamptz,
    due_at         timestamptz,
    reminded_at    timestamptz, -- the office was reminded of the overdue step
    escalated_at   timestamptz, -- the next office was told it is long overdue
    decided_by     bigint REFERENCES members (id),
    decided_at     timestamptz,
    reason         text NOT NULL DEFAULT '',
    UNIQUE (application_id, round, position)
);
CREATE INDEX application_steps_pending ON application_steps (office_org, started_at) WHERE state = 'pending';
CREATE INDEX application_steps_due ON application_steps (due_at) WHERE state = 'pending';
