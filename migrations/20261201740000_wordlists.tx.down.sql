DROP TABLE wordlist_entries;
DROP TABLE wordlist_versions;
