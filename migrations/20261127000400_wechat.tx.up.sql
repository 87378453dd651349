-- WeChat official accounts: the credentials govmedia acts with, and the
-- cache of access tokens that every replica shares.

-- Every value is sealed with the service's secret key (govmedia.SecretBox),
-- each under its own purpose; the AppID too, as it comes with the secret.
CREATE TABLE wechat_credentials (
    account_id     bigint PRIMARY KEY REFERENCES accounts (id),
    app_id_sealed  bytea NOT NULL,
    secret_sealed  bytea NOT NULL,
    token_sealed   bytea NOT NULL,
    aes_key_sealed bytea,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL
);

-- silenceper/wechat's cache (access tokens by AppID), values sealed. A row
-- past expires_at is as good as absent.
CREATE TABLE wechat_cache (
    key        text PRIMARY KEY,
    value      bytea NOT NULL,
    expires_at timestamptz
);
