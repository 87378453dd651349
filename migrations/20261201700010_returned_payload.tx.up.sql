-- What an application asked for when it was last returned, so that its
-- card shows what the applicant changed before resubmitting it.
ALTER TABLE applications ADD COLUMN returned_payload jsonb;
