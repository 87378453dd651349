-- The keys of WeChat messages already handled are a memory of the last
-- two days, against WeChat's retries of a message within seconds: they
-- need not survive a crash of PostgreSQL (it empties an unlogged table;
-- only a retry in flight at that moment would be answered again). Unlogged,
-- recording a key writes no WAL and waits for no disk, which was most of a
-- callback's cost.
ALTER TABLE callback_seen SET UNLOGGED;
