-- An account's public page lists its latest delivered articles: without
-- this index each view would read every delivery of every account.
CREATE INDEX deliveries_account_delivered ON deliveries (account_id, finished_at DESC) WHERE state = 'delivered';
