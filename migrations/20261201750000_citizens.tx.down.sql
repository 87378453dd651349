DROP TABLE account_welcomes;
DROP TABLE follower_days;
DROP TABLE question_messages;
DROP TABLE questions;
DROP TABLE citizen_followers;
