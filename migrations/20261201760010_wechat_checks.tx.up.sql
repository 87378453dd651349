-- What the oversight reads of each WeChat account itself, once a day: the
-- latest article in its published list (freepublish/batchget, which holds
-- what was published in WeChat's own editor too, but no mass sends), and
-- since when its credentials fail.
CREATE TABLE account_wechat_checks (
    account_id        bigint PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    checked_at        timestamptz NOT NULL,
    last_published_at timestamptz,
    failing_since     timestamptz,
    error_code        bigint
);
