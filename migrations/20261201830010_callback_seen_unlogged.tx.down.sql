ALTER TABLE callback_seen SET LOGGED;
