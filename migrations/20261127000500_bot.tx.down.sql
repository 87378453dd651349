DROP TABLE bot_prompts, bot_cards, review_chats, bot_sessions;
