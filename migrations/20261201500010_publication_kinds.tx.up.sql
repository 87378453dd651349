-- Publications the service composes itself: a catalog version's update
-- notice (catalog_update), beside the notices people write.
ALTER TABLE publications DROP CONSTRAINT publications_kind_check;
ALTER TABLE publications ADD CONSTRAINT publications_kind_check CHECK (kind IN ('notice', 'catalog_update'));
