-- When a reply's send to WeChat began: a reply found still sending with
-- this set was cut off mid-send (its process died), and whether WeChat
-- took it is unknown. It is not sent again on its own (WeChat's
-- customer-service API has no idempotency key: a second send would reach
-- the citizen twice); its operator is told, and may send it again.
ALTER TABLE question_messages ADD COLUMN send_tried_at timestamptz;
