-- The audit log: append-only, each entry carrying the hash of the one
-- before it. Writers only INSERT, in the transaction of the change they
-- record; the sealer (audit.Seal, run every second by the service and
-- before every verification) then gives committed entries their place in
-- the chain (seq) and their hashes, in one short transaction. Writers thus
-- never queue behind one another on the chain. detail is json, not jsonb,
-- so that the text hashed is the text kept.
CREATE TABLE audit_log (
    id           bigserial PRIMARY KEY,
    seq          bigint UNIQUE,
    at           timestamptz NOT NULL,
    actor        text NOT NULL,
    subject_kind text NOT NULL,
    subject_id   text NOT NULL,
    action       text NOT NULL,
    detail       json NOT NULL,
    prev_hash    bytea,
    hash         bytea
);
CREATE INDEX audit_log_subject ON audit_log (subject_kind, subject_id, id);
CREATE INDEX audit_log_unsealed ON audit_log (id) WHERE seq IS NULL;

-- Entries are never changed or removed; the only update allowed is the
-- sealing of an entry not yet sealed, which sets seq, prev_hash and hash.
CREATE FUNCTION audit_log_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF OLD.hash IS NULL AND NEW.hash IS NOT NULL AND OLD.seq IS NULL
           AND (NEW.id, NEW.at, NEW.actor, NEW.subject_kind, NEW.subject_id, NEW.action, NEW.detail::text)
             = (OLD.id, OLD.at, OLD.actor, OLD.subject_kind, OLD.subject_id, OLD.action, OLD.detail::text) THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
