DROP TABLE secret_keys, account_history, accounts, members, invites, domains, orgs;
DROP FUNCTION gm_grams(text);
