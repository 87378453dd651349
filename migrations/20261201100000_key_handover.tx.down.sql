DROP TABLE secret_key_handover;
DROP INDEX secret_keys_one_row;
