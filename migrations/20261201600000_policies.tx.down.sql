-- The policies' own rows go; their publications stay (articles, deliveries,
-- audit), under a kind check that no longer admits new ones.
DROP TABLE policy_attachments, policy_interpretations, policies;
DROP FUNCTION policy_keys(text, text[]);
ALTER TABLE publications DROP CONSTRAINT publications_kind_check;
ALTER TABLE publications ADD CONSTRAINT publications_kind_check CHECK (kind IN ('notice', 'catalog_update')) NOT VALID;
