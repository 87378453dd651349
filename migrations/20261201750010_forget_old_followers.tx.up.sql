-- The followers the callback counted before the citizens service kept
-- them (citizen_followers, with keyed hashes of their openids): their
-- unkeyed hashes are dropped.
DROP TABLE followers;
