-- Checkpoints anchor the audit chain outside the database. Every few
-- minutes one replica states the chain's head (the last sealed entry, its
-- hash, how many entries lead to it) at a time, chains the statement to the
-- one before (prev_hash, number without gaps) and signs its hash with a key
-- derived from GOVMEDIA_SECRET_KEY; the statements are published at
-- GET /audit/checkpoints. Someone who rewrites the log and recomputes every
-- hash with database rights cannot sign a checkpoint for the new head, and
-- deleting the checkpoints that disagree leaves a gap, an old newest
-- checkpoint, or a disagreement with a copy kept elsewhere: `govmedia audit
-- verify` reports each.
CREATE TABLE audit_checkpoints (
    number          bigint PRIMARY KEY,
    head_seq        bigint NOT NULL,  -- the last entry covered; 0 for an empty log
    head_hash       bytea NOT NULL,   -- its hash; empty for an empty log
    entries         bigint NOT NULL,  -- sealed entries up to head_seq
    at              timestamptz NOT NULL,
    prev_hash       bytea NOT NULL,   -- the hash of checkpoint number - 1; empty for the first
    hash            bytea NOT NULL,   -- sha256 over the fields above
    key_fingerprint text NOT NULL,    -- the secret key the signing key is derived from
    signature       bytea NOT NULL    -- HMAC-SHA256 of hash
);

-- Checkpoints are never changed or removed; the only update allowed is a
-- key rotation signing a checkpoint again under the new key (after checking
-- its signature under the old one).
CREATE FUNCTION audit_checkpoints_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND (NEW.number, NEW.head_seq, NEW.head_hash, NEW.entries, NEW.at, NEW.prev_hash, NEW.hash)
        = (OLD.number, OLD.head_seq, OLD.head_hash, OLD.entries, OLD.at, OLD.prev_hash, OLD.hash) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_checkpoints is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE OR DELETE ON audit_checkpoints
    FOR EACH ROW EXECUTE FUNCTION audit_checkpoints_refuse_change();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION audit_checkpoints_refuse_change();
