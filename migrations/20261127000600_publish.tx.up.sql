-- Publications (notices now; catalog updates and policy interpretations
-- later), their articles and body images, and one delivery per target
-- account with every WeChat id it has obtained, so that a retry continues
-- where the last attempt stopped and never repeats a step.
CREATE TABLE publications (
    id           bigserial PRIMARY KEY,
    kind         text NOT NULL CHECK (kind IN ('notice')),
    issuing_org  text NOT NULL REFERENCES orgs (code),
    created_by   bigint NOT NULL REFERENCES members (id),
    mode         text NOT NULL CHECK (mode IN ('publish', 'broadcast')),
    targets      jsonb NOT NULL,
    state        text NOT NULL CHECK (state IN ('review', 'delivering', 'done', 'rejected', 'withdrawn')),
    created_at   timestamptz NOT NULL,
    approved_at  timestamptz
);

CREATE TABLE publication_articles (
    publication_id bigint NOT NULL REFERENCES publications (id),
    position       int NOT NULL CHECK (position BETWEEN 0 AND 7),
    title          text NOT NULL,
    author         text NOT NULL DEFAULT '',
    digest         text NOT NULL DEFAULT '',
    content        text NOT NULL,
    source_url     text NOT NULL DEFAULT '',
    cover          bytea NOT NULL,
    cover_name     text NOT NULL,
    PRIMARY KEY (publication_id, position)
);

-- Images in article bodies, referred to in content as src="govmedia:NAME"
-- until each account's delivery uploads them.
CREATE TABLE publication_images (
    publication_id bigint NOT NULL REFERENCES publications (id),
    name           text NOT NULL,
    data           bytea NOT NULL,
    PRIMARY KEY (publication_id, name)
);

CREATE TABLE deliveries (
    id              bigserial PRIMARY KEY,
    publication_id  bigint NOT NULL REFERENCES publications (id),
    account_id      bigint NOT NULL REFERENCES accounts (id),
    state           text NOT NULL CHECK (state IN ('queued', 'working', 'waiting', 'delivered', 'failed', 'skipped')),
    attempts        int NOT NULL DEFAULT 0,
    thumb_media_ids jsonb NOT NULL DEFAULT '[]',
    image_urls      jsonb NOT NULL DEFAULT '{}',
    draft_asked_at  timestamptz,
    draft_media_id  text NOT NULL DEFAULT '',
    submit_asked_at timestamptz,
    publish_id      bigint,
    msg_id          bigint,
    article_id      text NOT NULL DEFAULT '',
    article_url     text NOT NULL DEFAULT '',
    error_code      bigint,
    error           text NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    finished_at     timestamptz,
    UNIQUE (publication_id, account_id)
);
CREATE INDEX deliveries_publication ON deliveries (publication_id, state);
CREATE INDEX deliveries_publish_id ON deliveries (publish_id) WHERE publish_id IS NOT NULL;
CREATE INDEX deliveries_msg_id ON deliveries (msg_id) WHERE msg_id IS NOT NULL;

-- Mass sends accepted by WeChat, per account, for the quota.
CREATE TABLE mass_sends (
    account_id  bigint NOT NULL REFERENCES accounts (id),
    delivery_id bigint NOT NULL REFERENCES deliveries (id) UNIQUE,
    sent_at     timestamptz NOT NULL
);
CREATE INDEX mass_sends_account ON mass_sends (account_id, sent_at);

-- Followers of each account, as the callback sees them come and go, and
-- the callback messages already handled (WeChat retries unanswered ones).
CREATE TABLE followers (
    account_id  bigint NOT NULL REFERENCES accounts (id),
    openid_hash bytea NOT NULL,
    followed    boolean NOT NULL,
    changed_at  timestamptz NOT NULL,
    PRIMARY KEY (account_id, openid_hash)
);

CREATE TABLE callback_seen (
    account_id bigint NOT NULL,
    key        text NOT NULL,
    seen_at    timestamptz NOT NULL,
    PRIMARY KEY (account_id, key)
);
CREATE INDEX callback_seen_old ON callback_seen (seen_at);

-- The default cover of an org's publications.
CREATE TABLE org_covers (
    org_code   text PRIMARY KEY REFERENCES orgs (code),
    cover      bytea NOT NULL,
    cover_name text NOT NULL,
    updated_at timestamptz NOT NULL
);
