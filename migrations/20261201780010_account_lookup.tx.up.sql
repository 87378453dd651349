-- Verify looks a name, original id or AppID up among every account, the
-- closed ones too (a closed account says whose it was). The unique
-- indexes on original_id and app_id leave closed accounts out, so the
-- lookup read the whole table: these cover them all.
CREATE INDEX accounts_original_id_any ON accounts (original_id) WHERE original_id IS NOT NULL;
CREATE INDEX accounts_app_id_any ON accounts (app_id) WHERE app_id IS NOT NULL;
