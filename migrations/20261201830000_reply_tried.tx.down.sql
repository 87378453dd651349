ALTER TABLE question_messages DROP COLUMN send_tried_at;
