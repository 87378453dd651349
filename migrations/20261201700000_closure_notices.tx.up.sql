-- A closing account's 停更公告 (closure_notice), which the service composes
-- when a close is approved, beside the notices, catalog updates and
-- policies.
ALTER TABLE publications DROP CONSTRAINT publications_kind_check;
ALTER TABLE publications ADD CONSTRAINT publications_kind_check CHECK (kind IN ('notice', 'catalog_update', 'policy', 'closure_notice'));
