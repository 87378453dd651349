-- The public-affairs catalogs (政务公开事项标准目录): one per government and
-- pilot domain, kept as versions. A version is a draft while its unit edits
-- it, in review while its application climbs, then current once approved;
-- the version it replaces is kept, superseded, never edited again.
CREATE TABLE catalog_versions (
    id            bigserial PRIMARY KEY,
    org_code      text NOT NULL REFERENCES orgs (code),
    domain        text NOT NULL REFERENCES domains (code),
    number        int NOT NULL CHECK (number > 0),
    state         text NOT NULL CHECK (state IN ('draft', 'in_review', 'current', 'superseded', 'rejected')),
    items_hash    bytea NOT NULL,  -- of the items as stored: the same items twice make no new version
    item_count    int NOT NULL,
    based_on      bigint REFERENCES catalog_versions (id), -- the current version it was started from
    source        text NOT NULL DEFAULT '', -- the file it was imported from, or "chat"
    created_by    text NOT NULL,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    submitted_at  timestamptz,
    current_since timestamptz,
    superseded_at timestamptz,
    UNIQUE (org_code, domain, number)
);
CREATE UNIQUE INDEX catalog_one_current ON catalog_versions (org_code, domain) WHERE state = 'current';
CREATE UNIQUE INDEX catalog_one_open ON catalog_versions (org_code, domain) WHERE state IN ('draft', 'in_review');

-- A version's items in order.
CREATE TABLE catalog_items (
    version_id bigint NOT NULL REFERENCES catalog_versions (id),
    position   int NOT NULL,
    item       jsonb NOT NULL,
    PRIMARY KEY (version_id, position)
);

-- The items of current versions only, as searched: a version's items are
-- copied here when it becomes current and leave when it is superseded, so
-- that a search over every government's current catalogs never wades
-- through drafts and old versions. One GIN index holds the text's
-- characters and character pairs (gm_grams: one- and two-character Chinese
-- queries such as 低保 or 学) and the filter keys (org:CODE, domain:CODE),
-- so that a search within one government intersects the lists inside it.
CREATE TABLE catalog_search (
    version_id   bigint NOT NULL REFERENCES catalog_versions (id),
    position     int NOT NULL,
    org_code     text NOT NULL,
    domain       text NOT NULL,
    search_text  text NOT NULL,
    search_grams text[] GENERATED ALWAYS AS (gm_grams(search_text)) STORED,
    filter_keys  text[] GENERATED ALWAYS AS (ARRAY['org:' || org_code, 'domain:' || domain]) STORED,
    PRIMARY KEY (version_id, position)
);
-- Without fastupdate: catalogs change a few times a year and are searched
-- all day, so a version's entries go into the index when it becomes
-- current, not into a pending list that every search scans until a vacuum.
CREATE INDEX catalog_search_grams ON catalog_search USING gin (search_grams, filter_keys) WITH (fastupdate = off);
-- The catalogs' own order, as searches list their hits: a common query
-- reads the first items of its scope in this order and has its page
-- (catalog.Search), where the GIN index would hand over every item holding
-- it to be sorted.
CREATE INDEX catalog_search_order ON catalog_search (org_code, domain, position);

-- A version's items are written while it is a draft; once it is in review,
-- current or superseded they never change.
CREATE FUNCTION catalog_items_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE v_state text;
BEGIN
    SELECT state INTO v_state FROM catalog_versions WHERE id = coalesce(NEW.version_id, OLD.version_id);
    IF v_state <> 'draft' THEN
        RAISE EXCEPTION 'the items of a % catalog version are not changed', v_state USING ERRCODE = 'check_violation';
    END IF;
    RETURN coalesce(NEW, OLD);
END $$;
CREATE TRIGGER catalog_items_frozen BEFORE INSERT OR UPDATE OR DELETE ON catalog_items
    FOR EACH ROW EXECUTE FUNCTION catalog_items_frozen();
