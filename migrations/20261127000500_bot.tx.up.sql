-- The chat front end's state: each user's form in progress (so that a
-- restart resumes it), the review chats of offices, the cards posted for
-- applications (so that they are edited in place), and reason prompts.
CREATE TABLE bot_sessions (
    telegram_user_id bigint PRIMARY KEY,
    form             jsonb,
    updated_at       timestamptz NOT NULL
);

CREATE TABLE review_chats (
    chat_id    bigint PRIMARY KEY,
    org_code   text NOT NULL UNIQUE REFERENCES orgs (code),
    title      text NOT NULL DEFAULT '',
    bound_by   text NOT NULL,
    bound_at   timestamptz NOT NULL
);

CREATE TABLE bot_cards (
    id             bigserial PRIMARY KEY,
    application_id bigint NOT NULL REFERENCES applications (id),
    step_id        bigint REFERENCES application_steps (id),
    chat_id        bigint NOT NULL,
    message_id     bigint NOT NULL,
    created_at     timestamptz NOT NULL,
    UNIQUE (chat_id, message_id)
);
CREATE INDEX bot_cards_application ON bot_cards (application_id);
CREATE UNIQUE INDEX bot_cards_one_per_step ON bot_cards (step_id, chat_id);

CREATE TABLE bot_prompts (
    chat_id    bigint NOT NULL,
    message_id bigint NOT NULL,
    member_id  bigint NOT NULL REFERENCES members (id),
    step_id    bigint NOT NULL REFERENCES application_steps (id),
    verdict    text NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (chat_id, message_id)
);
