DELETE FROM domains;
