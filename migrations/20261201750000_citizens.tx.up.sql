-- Citizens: the followers of the official accounts who write to them, and
-- their questions that the search could not answer. A follower is known by
-- a keyed hash of its openid (to find it again) and the openid sealed (to
-- reply to it); staff see an alias. Messages are sealed, kept for a
-- configurable time, and deleted when the follower unsubscribes.
CREATE TABLE citizen_followers (
    id              bigserial PRIMARY KEY,
    account_id      bigint NOT NULL REFERENCES accounts (id),
    openid_hash     bytea NOT NULL,
    openid_sealed   bytea NOT NULL,
    alias           text NOT NULL,
    subscribed      boolean NOT NULL DEFAULT true,
    first_seen      timestamptz NOT NULL,
    last_message_at timestamptz,          -- opens WeChat's 48-hour window for customer-service messages
    window_sent     int NOT NULL DEFAULT 0, -- customer-service messages sent since then
    UNIQUE (account_id, openid_hash)
);

CREATE TABLE questions (
    id            bigserial PRIMARY KEY,
    account_id    bigint NOT NULL REFERENCES accounts (id),
    follower_id   bigint REFERENCES citizen_followers (id) ON DELETE SET NULL, -- none once its follower left: the timing is kept, the person not
    org_code      text NOT NULL REFERENCES orgs (code), -- the unit answering: the host, or the one it was handed to
    state         text NOT NULL CHECK (state IN ('open', 'answered', 'handled')),
    asked_at      timestamptz NOT NULL,
    last_asked_at timestamptz NOT NULL,
    answered_at   timestamptz,   -- the first reply
    handled_at    timestamptz,
    handled_by    text,
    remind_at     timestamptz NOT NULL, -- when an unanswered question reminds its unit
    reminded_at   timestamptz,
    escalate_at   timestamptz NOT NULL, -- when it is raised with the unit's government office
    escalated_at  timestamptz
);
CREATE INDEX questions_follower ON questions (follower_id, state);
CREATE INDEX questions_org ON questions (org_code, state);
CREATE INDEX questions_due ON questions (remind_at) WHERE state = 'open';

CREATE TABLE question_messages (
    id          bigserial PRIMARY KEY,
    question_id bigint NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    from_citizen boolean NOT NULL,
    text_sealed bytea NOT NULL,
    author      text NOT NULL DEFAULT '', -- the member who replied
    at          timestamptz NOT NULL,
    state       text NOT NULL CHECK (state IN ('received', 'sending', 'sent', 'refused')),
    error       text NOT NULL DEFAULT ''
);
CREATE INDEX question_messages_question ON question_messages (question_id, id);
CREATE INDEX question_messages_at ON question_messages (at);

-- Follows and unfollows per account and day, from the callback's events,
-- and WeChat's own figures where the account's credentials allow them.
CREATE TABLE follower_days (
    account_id      bigint NOT NULL REFERENCES accounts (id),
    day             date NOT NULL,
    follows         int NOT NULL DEFAULT 0,
    unfollows       int NOT NULL DEFAULT 0,
    wechat_new      int,
    wechat_cancel   int,
    wechat_cumulate int,
    PRIMARY KEY (account_id, day)
);

-- What an account's followers are told when they follow it, as its unit
-- wrote it; without a row, the default welcome.
CREATE TABLE account_welcomes (
    account_id bigint PRIMARY KEY REFERENCES accounts (id),
    text       text NOT NULL CHECK (char_length(text) BETWEEN 1 AND 600),
    updated_by text NOT NULL,
    updated_at timestamptz NOT NULL
);
