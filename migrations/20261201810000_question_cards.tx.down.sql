DROP TABLE bot_question_cards;
