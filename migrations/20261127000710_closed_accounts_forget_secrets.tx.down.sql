DROP TRIGGER accounts_forget_secrets ON accounts;
DROP FUNCTION accounts_forget_secrets();
