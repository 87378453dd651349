-- A closed account keeps no secrets: when an account becomes closed, by
-- whatever path (the notice period running out, an import), its sealed
-- WeChat credentials and its cached access token are deleted in the same
-- transaction. A suspended account keeps them, to resume. Only the change
-- into closed fires: a row inserted or edited as closed holds no
-- credentials, and its AppID may since belong to an open account whose
-- token must stay.
CREATE FUNCTION accounts_forget_secrets() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM wechat_credentials WHERE account_id = NEW.id;
    IF NEW.app_id IS NOT NULL THEN
        DELETE FROM wechat_cache WHERE key LIKE '%\_' || NEW.app_id OR key = 'lease:' || NEW.app_id;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER accounts_forget_secrets AFTER UPDATE OF state ON accounts
    FOR EACH ROW WHEN (OLD.state <> 'closed' AND NEW.state = 'closed') EXECUTE FUNCTION accounts_forget_secrets();

-- Accounts closed before this migration: their credentials, and the cached
-- tokens of AppIDs that no open account holds now.
DELETE FROM wechat_credentials c USING accounts a WHERE a.id = c.account_id AND a.state = 'closed';
DELETE FROM wechat_cache w USING accounts a
 WHERE a.state = 'closed' AND a.app_id IS NOT NULL
   AND (w.key LIKE '%\_' || a.app_id OR w.key = 'lease:' || a.app_id)
   AND NOT EXISTS (SELECT 1 FROM accounts o WHERE o.app_id = a.app_id AND o.state <> 'closed');
