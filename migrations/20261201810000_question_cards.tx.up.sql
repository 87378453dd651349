-- The cards the bot posted for citizens' questions, one per question and
-- chat, to be edited as the question moves: in the chat of the unit
-- answering it (org_code), and of the units it was handed over from.
CREATE TABLE bot_question_cards (
    question_id bigint NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    chat_id     bigint NOT NULL,
    org_code    text NOT NULL,
    message_id  bigint NOT NULL,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (question_id, chat_id)
);
