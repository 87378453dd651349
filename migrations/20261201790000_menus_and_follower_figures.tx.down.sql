ALTER TABLE follower_days
    DROP CONSTRAINT follower_days_wechat_once,
    DROP COLUMN wechat_missing,
    DROP COLUMN wechat_fetched_at;
DROP TABLE account_menus;
