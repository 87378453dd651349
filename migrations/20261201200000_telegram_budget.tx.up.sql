-- Telegram's sending limits are the bot's, not a process's: about one
-- message a second into a chat, 20 a minute into a group, 30 a second in
-- all. Every replica books each send here (telegram_book), so that
-- together they keep to one budget. The rows live a minute at most and
-- are rebuilt by use: the tables are unlogged (no WAL; emptied after a
-- crash, when every budget starts afresh anyway).
CREATE UNLOGGED TABLE telegram_slots (
    bot_id  bigint      NOT NULL,
    chat_id bigint      NOT NULL,
    at      timestamptz NOT NULL -- when the send may leave
);
CREATE INDEX telegram_slots_chat ON telegram_slots (bot_id, chat_id, at);
CREATE INDEX telegram_slots_at ON telegram_slots (bot_id, at);

-- What a chat waits for besides its slots: a pause Telegram asked for with
-- 429 retry_after, and the last turn given to a queued job that was sent
-- away to come back later (so that such jobs come back one by one).
CREATE UNLOGGED TABLE telegram_chats (
    bot_id       bigint NOT NULL,
    chat_id      bigint NOT NULL,
    paused_until timestamptz,
    turn         timestamptz,
    expires      timestamptz GENERATED ALWAYS AS (greatest(paused_until, turn)) STORED,
    PRIMARY KEY (bot_id, chat_id)
);
CREATE INDEX telegram_chats_expires ON telegram_chats (bot_id, expires);

-- telegram_book books the earliest slot for a send to chat that keeps
-- every limit, and says how long from now it is (wait_us). With hold set
-- (a queued job's send), when the chat's own limits put that slot more
-- than hold away it books nothing and says when the job should come back
-- (later_us) instead. The overall limit spreads sends evenly: no two slots
-- of the bot are less than gap apart. One bot's bookings take turns under
-- an advisory lock, each reading what the one before committed, so that
-- replicas booking at once never share a slot. Times are the database's.
CREATE FUNCTION telegram_book(bot bigint, chat bigint, per_chat interval, group_window interval, group_count int,
                              gap interval, hold interval, OUT wait_us bigint, OUT later_us bigint)
LANGUAGE plpgsql AS $$
DECLARE
    now_   timestamptz;
    at_    timestamptz;
    turn_  timestamptz;
    near   timestamptz;
    cutoff timestamptz;
    chat_  telegram_chats%ROWTYPE;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended('govmedia.telegram_book', bot));
    now_ := clock_timestamp();
    at_ := greatest(now_, (SELECT max(s.at) FROM telegram_slots s WHERE s.bot_id = bot AND s.chat_id = chat) + per_chat);
    IF chat < 0 AND group_count > 0 THEN
        at_ := greatest(at_, (SELECT s.at FROM telegram_slots s WHERE s.bot_id = bot AND s.chat_id = chat
                              ORDER BY s.at DESC OFFSET group_count - 1 LIMIT 1) + group_window);
    END IF;
    SELECT * INTO chat_ FROM telegram_chats c WHERE c.bot_id = bot AND c.chat_id = chat;
    at_ := greatest(at_, chat_.paused_until);
    IF hold IS NOT NULL AND at_ - now_ > hold THEN
        turn_ := greatest(at_, CASE WHEN chat_.turn >= now_ THEN chat_.turn + per_chat END);
        INSERT INTO telegram_chats (bot_id, chat_id, turn) VALUES (bot, chat, turn_)
            ON CONFLICT (bot_id, chat_id) DO UPDATE SET turn = excluded.turn;
        later_us := ceil(extract(epoch FROM turn_ - now_) * 1000000);
        RETURN;
    END IF;
    -- The first slot at or after at_ with no other within gap of it: past
    -- a run of slots closer than 2 × gap to each other, gap after the last.
    SELECT min(s.at) INTO near FROM telegram_slots s WHERE s.bot_id = bot AND s.at > at_ - gap;
    IF near < at_ + gap THEN
        SELECT r.at + gap INTO at_ FROM (
            SELECT s.at, lead(s.at) OVER (ORDER BY s.at) AS next
            FROM telegram_slots s WHERE s.bot_id = bot AND s.at >= near) r
        WHERE r.next IS NULL OR r.next >= r.at + 2 * gap
        ORDER BY r.at LIMIT 1;
    END IF;
    INSERT INTO telegram_slots (bot_id, chat_id, at) VALUES (bot, chat, at_);
    -- Prune what no longer counts: at each booking the slots that stopped
    -- counting in the last second (a range that skips the index entries
    -- earlier prunes left for vacuum to clear), and now and then every slot
    -- and chat state that no longer counts.
    cutoff := now_ - greatest(group_window, per_chat, gap);
    IF random() < 0.01 THEN
        DELETE FROM telegram_slots s WHERE s.bot_id = bot AND s.at < cutoff;
        DELETE FROM telegram_chats c WHERE c.bot_id = bot AND c.expires < now_;
    ELSE
        DELETE FROM telegram_slots s WHERE s.bot_id = bot AND s.at >= cutoff - interval '1 second' AND s.at < cutoff;
    END IF;
    wait_us := ceil(extract(epoch FROM at_ - now_) * 1000000);
END
$$;

-- Sends on the wire, from their admission until a second after Telegram's
-- answer: a send reaches Telegram at some moment in between. When no more
-- than the hard bound are counted at any admission, no second at Telegram
-- sees more than that; when a send to a chat is admitted only once the
-- chat's previous send was answered a second ago or more, no two reach
-- the chat within a second; however late sends leave or bunched they
-- arrive. A row whose answer never came (its replica died) stops counting
-- after a minute, twice the Bot API client's timeout.
CREATE UNLOGGED TABLE telegram_wire (
    id          bigserial PRIMARY KEY,
    bot_id      bigint      NOT NULL,
    chat_id     bigint      NOT NULL,
    admitted_at timestamptz NOT NULL,
    answered_at timestamptz
);
CREATE INDEX telegram_wire_chat ON telegram_wire (bot_id, chat_id);

-- telegram_admit admits a send of the bot to chat on the wire and returns
-- its row. It admits nothing while the chat's previous send is on the
-- wire or was answered less than chat_gap ago (chat_busy), or while hard
-- sends are counted already, and says how long until that may change
-- (retry_us). Admissions of one bot take turns under an advisory lock,
-- like bookings.
CREATE FUNCTION telegram_admit(bot bigint, chat bigint, hard int, chat_gap interval,
                               OUT wire_id bigint, OUT retry_us bigint, OUT chat_busy boolean)
LANGUAGE plpgsql AS $$
DECLARE
    now_     timestamptz;
    flying   boolean;
    answered timestamptz;
    counted  int;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended('govmedia.telegram_admit', bot));
    now_ := clock_timestamp();
    DELETE FROM telegram_wire w WHERE w.bot_id = bot
        AND (w.answered_at <= now_ - greatest(chat_gap, interval '1 second') OR w.admitted_at < now_ - interval '1 minute');
    chat_busy := false;
    IF chat_gap > interval '0' THEN
        SELECT bool_or(w.answered_at IS NULL), max(w.answered_at) INTO flying, answered
            FROM telegram_wire w WHERE w.bot_id = bot AND w.chat_id = chat;
        IF flying OR answered + chat_gap > now_ THEN
            chat_busy := true;
            retry_us := CASE WHEN flying THEN 5000 ELSE ceil(extract(epoch FROM answered + chat_gap - now_) * 1000000) END;
            RETURN;
        END IF;
    END IF;
    SELECT count(*), min(w.answered_at) INTO counted, answered FROM telegram_wire w
        WHERE w.bot_id = bot AND (w.answered_at IS NULL OR w.answered_at > now_ - interval '1 second');
    IF counted < hard THEN
        INSERT INTO telegram_wire (bot_id, chat_id, admitted_at) VALUES (bot, chat, now_) RETURNING id INTO wire_id;
        RETURN;
    END IF;
    -- Every counted send still on the wire: the first answer frees one.
    retry_us := coalesce(ceil(extract(epoch FROM answered + interval '1 second' - now_) * 1000000), 10000);
END
$$;
