-- The governments a milestone binds when the city office names them: a
-- milestone with none binds every government of its level; one with some
-- binds only those (each a government of its level).
CREATE TABLE milestone_orgs (
    milestone_id bigint NOT NULL REFERENCES milestones (id) ON DELETE CASCADE,
    org_code     text NOT NULL REFERENCES orgs (code),
    PRIMARY KEY (milestone_id, org_code)
);
