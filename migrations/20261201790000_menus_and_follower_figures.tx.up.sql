-- The custom menu an account's operators set from the domains it covers:
-- the domains sent to WeChat, in their order, by whom and when.
CREATE TABLE account_menus (
    account_id bigint PRIMARY KEY REFERENCES accounts (id),
    domains    text[] NOT NULL CHECK (cardinality(domains) BETWEEN 1 AND 15),
    set_by     text NOT NULL,
    set_at     timestamptz NOT NULL
);

-- WeChat's own figures of a day are fetched once, the morning after; a day
-- WeChat would not give them for says why (an account without the right
-- to the statistics, another refusal), so that it is not asked again. An
-- account without stored credentials is not asked at all.
ALTER TABLE follower_days
    ADD COLUMN wechat_fetched_at timestamptz,
    ADD COLUMN wechat_missing    text CHECK (wechat_missing IN ('unauthorized', 'refused')),
    ADD CONSTRAINT follower_days_wechat_once CHECK (wechat_fetched_at IS NULL OR wechat_missing IS NULL);
