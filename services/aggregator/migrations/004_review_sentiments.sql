-- Review sentiment as the embedder's sentiment head judged it (embeddings.updated.v1), one
-- row per review event: ReplacingMergeTree on the event id, so a redelivered record changes
-- nothing. Read beside the rating rule of item_hourly/user_hourly (good >= 4, bad <= 2).
CREATE TABLE IF NOT EXISTS review_sentiments
(
    item_id String,
    user_id String,
    event_id String,
    occurred_at DateTime64(3, 'UTC'),
    label LowCardinality(String),
    probability Float32,
    rating UInt8,
    model_version LowCardinality(String)
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (item_id, occurred_at, event_id);
