-- Back to the SQL functions of the registry migration.

CREATE OR REPLACE FUNCTION gm_grams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT coalesce(array_agg(DISTINCT g), '{}')
  FROM (
    SELECT substr(lower(t), i, 1) AS g FROM generate_series(1, char_length(t)) AS i
    UNION ALL
    SELECT substr(lower(t), i, 2) FROM generate_series(1, char_length(t) - 1) AS i
  ) grams
  WHERE g !~ '^\s+$'
$$;

CREATE OR REPLACE FUNCTION gm_keys(platform text, state text, org_path text[]) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ARRAY['p:' || platform, 's:' || state] || coalesce((SELECT array_agg('o:' || o) FROM unnest(org_path) AS o), '{}')
$$;

CREATE OR REPLACE FUNCTION gm_org_path(org text) RETURNS text[]
LANGUAGE sql STABLE STRICT AS $$
  WITH RECURSIVE up AS (
    SELECT code, parent_code FROM orgs WHERE code = org
    UNION ALL
    SELECT o.code, o.parent_code FROM orgs o JOIN up ON o.code = up.parent_code
  )
  SELECT coalesce(array_agg(code), '{}') FROM up
$$;

UPDATE accounts SET name = name;

DROP INDEX accounts_host;
CREATE INDEX accounts_host ON accounts (host_org, platform);

ALTER INDEX accounts_search RESET (fastupdate, gin_pending_list_limit);
