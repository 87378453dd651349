DROP TABLE catalog_search;
DROP TABLE catalog_items;
DROP FUNCTION catalog_items_frozen();
DROP TABLE catalog_versions;
