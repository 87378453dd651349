-- Policy documents and their interpretations (政策文件与解读材料), organised,
-- signed off and released together (同步组织、同步审签、同步部署): one
-- publication of kind 'policy' holds them, its article 0 the policy and
-- articles 1 to 7 the interpretations (a WeChat draft holds eight), so that
-- they are reviewed on one card and delivered as one multi-article draft.
-- The bodies are the articles' content; these tables keep what a policy
-- page and its search need besides.
ALTER TABLE publications DROP CONSTRAINT publications_kind_check;
ALTER TABLE publications ADD CONSTRAINT publications_kind_check CHECK (kind IN ('notice', 'catalog_update', 'policy'));

-- The keys a policy is filtered by in the one GIN index of its search:
-- its issuer and each of its domains.
CREATE FUNCTION policy_keys(issuer text, domains text[]) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    out text[] := ARRAY['org:' || issuer];
    d   text;
BEGIN
    FOREACH d IN ARRAY coalesce(domains, '{}') LOOP
        out := out || ('domain:' || d);
    END LOOP;
    RETURN out;
END
$$;

CREATE TABLE policies (
    publication_id bigint PRIMARY KEY REFERENCES publications (id),
    title          text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 100),
    doc_number     text NOT NULL,  -- in the standard shape: 昆政办〔2020〕32号
    issuing_org    text NOT NULL REFERENCES orgs (code),
    issued_on      date NOT NULL,
    domains        text[] NOT NULL DEFAULT '{}',
    -- title, number and issuer's name, searched by characters and pairs
    -- (gm_grams: one- and two-character Chinese queries such as 教 or 义务).
    search_text    text NOT NULL,
    search_grams   text[] GENERATED ALWAYS AS (gm_grams(search_text)) STORED,
    filter_keys    text[] GENERATED ALWAYS AS (policy_keys(issuing_org, domains)) STORED
);
CREATE INDEX policies_search ON policies USING gin (search_grams, filter_keys);
CREATE INDEX policies_issued ON policies (issued_on DESC, publication_id DESC);
CREATE INDEX policies_number ON policies (doc_number);

-- A policy's interpretations, each the article at its position.
CREATE TABLE policy_interpretations (
    publication_id bigint NOT NULL REFERENCES policies (publication_id),
    position       int NOT NULL CHECK (position BETWEEN 1 AND 7),
    form           text NOT NULL CHECK (form IN ('text', 'illustrated', 'qa', 'graphic')),
    title          text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 100),
    author_org     text NOT NULL REFERENCES orgs (code),
    PRIMARY KEY (publication_id, position)
);

-- The files that go with a policy (its annexes, a PDF of the signed
-- document), listed for download on its page.
CREATE TABLE policy_attachments (
    publication_id bigint NOT NULL REFERENCES policies (publication_id),
    position       int NOT NULL,
    name           text NOT NULL,
    content_type   text NOT NULL,
    size           int NOT NULL,
    data           bytea NOT NULL,
    PRIMARY KEY (publication_id, position)
);
