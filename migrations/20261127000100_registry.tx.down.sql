DROP TABLE secret_keys, account_history, accounts, members, invites, domains, orgs;
DROP FUNCTION gm_grams(text), gm_keys(text, text, text[]), gm_org_path(text), accounts_set_org_path(), orgs_moved();
