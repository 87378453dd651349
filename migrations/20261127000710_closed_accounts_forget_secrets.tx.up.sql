-- A closed account keeps no secrets: when an account becomes closed, by
-- whatever path (the notice period running out, an import), its sealed
-- WeChat credentials and its cached access token are deleted in the same
-- transaction. A suspended account keeps them, to resume.
CREATE FUNCTION accounts_forget_secrets() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM wechat_credentials WHERE account_id = NEW.id;
    IF NEW.app_id IS NOT NULL THEN
        DELETE FROM wechat_cache WHERE key LIKE '%\_' || NEW.app_id OR key = 'lease:' || NEW.app_id;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER accounts_forget_secrets AFTER INSERT OR UPDATE OF state ON accounts
    FOR EACH ROW WHEN (NEW.state = 'closed') EXECUTE FUNCTION accounts_forget_secrets();

-- Accounts closed before this migration.
DELETE FROM wechat_credentials c USING accounts a WHERE a.id = c.account_id AND a.state = 'closed';
