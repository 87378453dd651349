-- secret_keys holds one row: the key values are sealed under now. A
-- transaction that seals reads it FOR SHARE and seals under the key it
-- names; a rotation locks it FOR UPDATE first and changes it last, so that
-- no value is sealed under the old key once the rotation has committed
-- (package keyring). Before this migration a race at first start could
-- leave two rows; the newest is the one in use.
DELETE FROM secret_keys WHERE created_at < (SELECT max(created_at) FROM secret_keys);
CREATE UNIQUE INDEX secret_keys_one_row ON secret_keys ((true));

-- A rotation hands the new key to the replicas that run with the old one,
-- and the old key to replicas restarted with the new one: each key wrapped
-- (sealed) under the other. A replica learns every key it can unwrap from
-- the keys it holds. `govmedia keys finish` empties the table once every
-- replica runs with the new key.
CREATE TABLE secret_key_handover (
    fingerprint text NOT NULL,  -- the key handed over
    under       text NOT NULL,  -- the key it is wrapped under
    wrapped     bytea NOT NULL,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (fingerprint, under)
);
