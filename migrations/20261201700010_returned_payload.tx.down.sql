ALTER TABLE applications DROP COLUMN returned_payload;
