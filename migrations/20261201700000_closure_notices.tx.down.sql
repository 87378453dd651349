-- Closure notices already written stay (articles, deliveries, audit),
-- under a kind check that no longer admits new ones.
ALTER TABLE publications DROP CONSTRAINT publications_kind_check;
ALTER TABLE publications ADD CONSTRAINT publications_kind_check CHECK (kind IN ('notice', 'catalog_update', 'policy')) NOT VALID;
