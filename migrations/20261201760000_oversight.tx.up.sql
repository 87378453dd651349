-- Oversight: the city office's supervision (seed part 五).

-- Each government office's monthly progress report, due by the 20th.
CREATE TABLE monthly_reports (
    org_code     text NOT NULL REFERENCES orgs (code),
    month        date NOT NULL CHECK (extract(day FROM month) = 1), -- the month reported on
    done         text NOT NULL CHECK (char_length(done) BETWEEN 1 AND 2000),
    problems     text NOT NULL CHECK (char_length(problems) <= 2000),
    next_steps   text NOT NULL CHECK (char_length(next_steps) <= 2000),
    submitted_by text NOT NULL,
    submitted_at timestamptz NOT NULL,
    PRIMARY KEY (org_code, month)
);

-- Campaign milestones the city office sets, with the governments they
-- bind (every county, or every township); catalog milestones are met by
-- the catalogs' own states, the others by a confirmation.
CREATE TABLE milestones (
    id         bigserial PRIMARY KEY,
    title      text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 100),
    kind       text NOT NULL CHECK (kind IN ('catalogs_compiled', 'catalogs_revised', 'townships_audited', 'catalogs_published', 'confirmed')),
    level      text NOT NULL CHECK (level IN ('county', 'township')),
    due_on     date NOT NULL,
    created_by text NOT NULL,
    created_at timestamptz NOT NULL
);

CREATE TABLE milestone_confirmations (
    milestone_id bigint NOT NULL REFERENCES milestones (id) ON DELETE CASCADE,
    org_code     text NOT NULL REFERENCES orgs (code),
    confirmed_by text NOT NULL,
    confirmed_at timestamptz NOT NULL,
    PRIMARY KEY (milestone_id, org_code)
);

-- The last update of accounts on other platforms than WeChat, as their
-- operators confirm it every week, with a link to the latest post.
CREATE TABLE update_confirmations (
    account_id   bigint NOT NULL REFERENCES accounts (id),
    posted_at    timestamptz NOT NULL,
    post_url     text NOT NULL,
    confirmed_by text NOT NULL,
    confirmed_at timestamptz NOT NULL
);
CREATE INDEX update_confirmations_account ON update_confirmations (account_id, posted_at DESC);

-- What the service has told, once each: an account silent past a line
-- (10, 14, 30, 90 days) since its last update; a report or a milestone
-- reminded or found late.
CREATE TABLE oversight_notices (
    subject text NOT NULL, -- "account:12:10", "report:km.wuhua.office:2026-11:15", "milestone:3:km.wuhua:before"
    since   timestamptz NOT NULL, -- the last update an account's silence counts from; the due date otherwise
    sent_at timestamptz NOT NULL,
    PRIMARY KEY (subject, since)
);
