-- The registry: the org tree, the pilot domains, members and their invites,
-- and the accounts with their history.

-- gm_grams lists the single characters and character pairs of a lowered
-- text: the directory's search index, so that two-character Chinese queries
-- such as 五华 find names through a GIN index.
CREATE FUNCTION gm_grams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT coalesce(array_agg(DISTINCT g), '{}')
  FROM (
    SELECT substr(lower(t), i, 1) AS g FROM generate_series(1, char_length(t)) AS i
    UNION ALL
    SELECT substr(lower(t), i, 2) FROM generate_series(1, char_length(t) - 1) AS i
  ) grams
  WHERE g !~ '^\s+$'
$$;

CREATE TABLE orgs (
    code        text PRIMARY KEY CHECK (code ~ '^[a-z0-9][a-z0-9._-]{0,62}$'),
    parent_code text REFERENCES orgs (code),
    kind        text NOT NULL CHECK (kind IN ('government', 'office', 'department')),
    level       text NOT NULL CHECK (level IN ('city', 'county', 'township')),
    name        text NOT NULL CHECK (name <> ''),
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    CHECK (parent_code IS NOT NULL OR (kind = 'government' AND level = 'city'))
);
CREATE INDEX orgs_parent ON orgs (parent_code);
CREATE UNIQUE INDEX orgs_one_office ON orgs (parent_code) WHERE kind = 'office';

CREATE TABLE domains (
    code           text PRIMARY KEY,
    name           text NOT NULL UNIQUE,
    notice_row     int NOT NULL,
    guiding_orgs   text[] NOT NULL
);

CREATE TABLE invites (
    id          bigserial PRIMARY KEY,
    code_hash   bytea NOT NULL UNIQUE,
    org_code    text NOT NULL REFERENCES orgs (code),
    -- review_group: binds a Telegram group as the office's review chat.
    role        text NOT NULL CHECK (role IN ('operator', 'reviewer', 'approver', 'guide', 'admin', 'review_group')),
    created_by  text NOT NULL,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    used_by     bigint
);

CREATE TABLE members (
    id               bigserial PRIMARY KEY,
    telegram_user_id bigint NOT NULL,
    org_code         text NOT NULL REFERENCES orgs (code),
    role             text NOT NULL CHECK (role IN ('operator', 'reviewer', 'approver', 'guide', 'admin')),
    display_name     text NOT NULL DEFAULT '',
    language         text NOT NULL DEFAULT 'zh' CHECK (language IN ('zh', 'en')),
    invite_id        bigint REFERENCES invites (id),
    created_at       timestamptz NOT NULL,
    revoked_at       timestamptz,
    revoked_by       text
);
CREATE UNIQUE INDEX members_one_binding ON members (telegram_user_id) WHERE revoked_at IS NULL;
CREATE INDEX members_org ON members (org_code, role) WHERE revoked_at IS NULL;

-- gm_org_path lists an org and every org above it: an account's host's
-- path lets the directory filter by an org and everything below it.
CREATE FUNCTION gm_org_path(org text) RETURNS text[]
LANGUAGE sql STABLE STRICT AS $$
  WITH RECURSIVE up AS (
    SELECT code, parent_code FROM orgs WHERE code = org
    UNION ALL
    SELECT o.code, o.parent_code FROM orgs o JOIN up ON o.code = up.parent_code
  )
  SELECT coalesce(array_agg(code), '{}') FROM up
$$;

-- gm_keys are an account's filter keys (platform, state, each org on its
-- host's path), searched in the same GIN index as its name.
CREATE FUNCTION gm_keys(platform text, state text, org_path text[]) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ARRAY['p:' || platform, 's:' || state] || coalesce((SELECT array_agg('o:' || o) FROM unnest(org_path) AS o), '{}')
$$;

CREATE TABLE accounts (
    id                    bigserial PRIMARY KEY,
    platform              text NOT NULL CHECK (platform IN ('wechat_oa', 'wechat_channels', 'weibo', 'douyin',
                              'kuaishou', 'toutiao', 'bilibili', 'xiaohongshu', 'other')),
    wechat_kind           text CHECK (wechat_kind IN ('subscription', 'service')),
    name                  text NOT NULL CHECK (name <> ''),
    original_id           text CHECK (original_id ~ '^gh_[0-9a-f]{12}$'),
    app_id                text CHECK (app_id ~ '^wx[0-9a-f]{16}$'),
    platform_uid          text NOT NULL DEFAULT '',
    host_org              text NOT NULL REFERENCES orgs (code),
    operating_unit        text NOT NULL DEFAULT '',
    third_party           boolean NOT NULL DEFAULT false,
    person_in_charge      text NOT NULL DEFAULT '',
    phone_sealed          bytea,
    domains               text[] NOT NULL DEFAULT '{}',
    second_account_reason text NOT NULL DEFAULT '',
    state                 text NOT NULL CHECK (state IN ('approved', 'active', 'closing', 'closed', 'suspended')),
    version               int NOT NULL DEFAULT 1,
    closing_until         timestamptz,
    close_reason          text NOT NULL DEFAULT '',
    successor_id          bigint REFERENCES accounts (id),
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL,
    org_path              text[] NOT NULL DEFAULT '{}', -- kept by accounts_org_path
    search_grams          text[] GENERATED ALWAYS AS (
                              gm_grams(name || ' ' || coalesce(original_id, '') || ' ' || coalesce(app_id, '')
                                       || ' ' || platform_uid)) STORED,
    filter_keys           text[] GENERATED ALWAYS AS (gm_keys(platform, state, org_path)) STORED,
    CHECK ((platform = 'wechat_oa') = (wechat_kind IS NOT NULL)),
    CHECK (platform = 'wechat_oa' OR (original_id IS NULL AND app_id IS NULL)),
    CHECK (state <> 'closing' OR closing_until IS NOT NULL)
);
CREATE UNIQUE INDEX accounts_name_per_platform ON accounts (platform, name) WHERE state <> 'closed';
CREATE UNIQUE INDEX accounts_original_id ON accounts (original_id) WHERE state <> 'closed';
CREATE UNIQUE INDEX accounts_app_id ON accounts (app_id) WHERE state <> 'closed';
CREATE INDEX accounts_host ON accounts (host_org, platform);
CREATE INDEX accounts_name_lower ON accounts (lower(name));
-- One GIN index over the name's character pairs and the filter keys, so
-- that a search by text within an org or a platform intersects the lists
-- inside the index instead of visiting every row the text matches.
CREATE INDEX accounts_search ON accounts USING gin (search_grams, filter_keys);

CREATE FUNCTION accounts_set_org_path() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.org_path := gm_org_path(NEW.host_org);
    RETURN NEW;
END
$$;
CREATE TRIGGER accounts_org_path BEFORE INSERT OR UPDATE OF host_org ON accounts
    FOR EACH ROW EXECUTE FUNCTION accounts_set_org_path();

-- An org moved in the tree moves the paths of the accounts below it.
CREATE FUNCTION orgs_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE accounts SET org_path = gm_org_path(host_org) WHERE NEW.code = ANY (org_path);
    RETURN NULL;
END
$$;
CREATE TRIGGER orgs_moved AFTER UPDATE OF parent_code ON orgs
    FOR EACH ROW WHEN (OLD.parent_code IS DISTINCT FROM NEW.parent_code) EXECUTE FUNCTION orgs_moved();
CREATE INDEX accounts_closing ON accounts (closing_until) WHERE state = 'closing';

CREATE TABLE account_history (
    id             bigserial PRIMARY KEY,
    account_id     bigint NOT NULL REFERENCES accounts (id),
    version        int NOT NULL,
    at             timestamptz NOT NULL,
    action         text NOT NULL,
    changes        jsonb NOT NULL DEFAULT '[]',
    actor          text NOT NULL,
    application_id bigint,
    approved_by    text NOT NULL DEFAULT ''
);
CREATE INDEX account_history_account ON account_history (account_id, id);

-- The key fingerprint keeps replicas from sealing under different keys.
CREATE TABLE secret_keys (
    fingerprint text PRIMARY KEY,
    created_at  timestamptz NOT NULL
);
