-- What users write to the shop, per user (issue #11, segments): each search query, review and
-- customer-service dialog turn with the language it is written in, so profiles can say how often a
-- user contacts customer service and in which language they write. clean_events' user-ordered
-- projection does not hold the texts (they are its widest columns), so a read by user there would
-- scan the table. One narrow row per text event (about a tenth of all events), no text kept: the
-- language is decided here by the rule of libs/segments textLanguage (any Han character: zh, else
-- any Latin letter: en, else ''). ReplacingMergeTree on the event id: a redelivered event is one
-- row after merge and is read LIMIT 1 BY event_id. Texts stored before this migration are filled by
-- `./demand backfill --views user_texts_mv` (the view's own SELECT, month by month, idempotent).
CREATE TABLE IF NOT EXISTS user_texts
(
    user_id String,
    occurred_at DateTime64(3, 'UTC'),
    event_id String,
    kind LowCardinality(String),
    session_id String,
    language LowCardinality(String)
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (user_id, occurred_at, event_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS user_texts_mv TO user_texts AS
SELECT
    user_id,
    occurred_at,
    event_id,
    kind,
    session_id,
    multiIf(match(if(kind = 'search', query, text), '\\p{Han}'), 'zh',
            match(if(kind = 'search', query, text), '[A-Za-z]'), 'en', '') AS language
FROM clean_events
WHERE kind IN ('search', 'review', 'dialog_turn') AND user_id != ''
    AND NOT arrayExists(f -> startsWith(f, 'bot:'), flags);
