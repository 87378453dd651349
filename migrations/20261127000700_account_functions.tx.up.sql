-- The functions behind an account row's generated columns and org path,
-- rewritten in PL/pgSQL. As SQL functions with aggregates they could not be
-- inlined, so every INSERT and UPDATE of an account planned their bodies
-- anew, and gm_grams ran a regular expression per character pair: together
-- more than half the cost of writing an account. PL/pgSQL keeps its plans
-- for the session. The results are the same as before, except that any
-- whitespace inside a name now counts as a plain space.

CREATE OR REPLACE FUNCTION gm_grams(t text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE STRICT AS $$
DECLARE
    s    text := lower(regexp_replace(t, '\s', ' ', 'g'));
    n    int := char_length(s);
    out  text[] := '{}';
    c    text;
    prev text := ' ';
BEGIN
    FOR i IN 1 .. n LOOP
        c := substr(s, i, 1);
        IF c <> ' ' AND NOT c = ANY (out) THEN
            out := out || c;
        END IF;
        IF i > 1 AND (c <> ' ' OR prev <> ' ') AND NOT (prev || c) = ANY (out) THEN
            out := out || (prev || c);
        END IF;
        prev := c;
    END LOOP;
    RETURN out;
END
$$;

CREATE OR REPLACE FUNCTION gm_keys(platform text, state text, org_path text[]) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    out text[] := ARRAY['p:' || platform, 's:' || state];
    o   text;
BEGIN
    FOREACH o IN ARRAY coalesce(org_path, '{}') LOOP
        out := out || ('o:' || o);
    END LOOP;
    RETURN out;
END
$$;

CREATE OR REPLACE FUNCTION gm_org_path(org text) RETURNS text[]
LANGUAGE plpgsql STABLE STRICT AS $$
DECLARE
    out    text[] := '{}';
    cur    text := org;
    parent text;
BEGIN
    WHILE cur IS NOT NULL LOOP
        SELECT o.parent_code INTO parent FROM orgs o WHERE o.code = cur;
        EXIT WHEN NOT FOUND;
        IF cur = ANY (out) THEN
            RAISE EXCEPTION 'the org tree has a cycle at %', cur;
        END IF;
        out := out || cur;
        cur := parent;
    END LOOP;
    RETURN out;
END
$$;

-- Stored values follow the new whitespace rule.
UPDATE accounts SET name = name;

-- The rule "one account per unit per platform" looks for the first other
-- account of a host on a platform; with id in the index that is one probe.
DROP INDEX accounts_host;
CREATE INDEX accounts_host ON accounts (host_org, platform, id);

-- The directory's GIN index keeps a small pending list: a search scans
-- the list whole, so the default 4 MB tripled p99 right after a bulk
-- import, while writing through (fastupdate off) made every account
-- insert cost twice as much. 128 kB keeps both small.
ALTER INDEX accounts_search SET (fastupdate = on, gin_pending_list_limit = 128);
SELECT gin_clean_pending_list('accounts_search');
