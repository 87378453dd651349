-- The city office's lists for checking content before review (内容把关):
-- words that block a submission, words a reviewer should look at twice,
-- known wrong expressions with their corrections, and the hosts links may
-- go to. Each change is a new version; the newest is in force, the older
-- ones are kept to show what a past check was made against.
CREATE TABLE wordlist_versions (
    id         bigserial PRIMARY KEY,
    created_by text NOT NULL,
    created_at timestamptz NOT NULL,
    source     text NOT NULL DEFAULT '', -- the file imported, or "chat"
    note       text NOT NULL DEFAULT ''
);

CREATE TABLE wordlist_entries (
    version_id bigint NOT NULL REFERENCES wordlist_versions (id),
    kind       text NOT NULL CHECK (kind IN ('blocked', 'sensitive', 'correction', 'host')),
    word       text NOT NULL CHECK (word <> '' AND char_length(word) <= 200),
    correction text NOT NULL DEFAULT '',
    note       text NOT NULL DEFAULT '',
    PRIMARY KEY (version_id, kind, word),
    CHECK ((kind = 'correction') = (correction <> ''))
);
