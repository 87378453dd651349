DROP FUNCTION telegram_admit(bigint, bigint, int, interval);
DROP TABLE telegram_wire;
DROP FUNCTION telegram_book(bigint, bigint, interval, interval, int, interval, interval);
DROP TABLE telegram_chats;
DROP TABLE telegram_slots;
