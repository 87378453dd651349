-- The table comes back empty: the hashes it held are not kept anywhere.
CREATE TABLE followers (
    account_id  bigint NOT NULL REFERENCES accounts (id),
    openid_hash bytea NOT NULL,
    followed    boolean NOT NULL,
    changed_at  timestamptz NOT NULL,
    PRIMARY KEY (account_id, openid_hash)
);
