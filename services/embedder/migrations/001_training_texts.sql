-- What the shop sent, as the embedder indexed it: the training corpus of its models.
-- ReplacingMergeTree on (kind, text_id): a redelivered text replaces itself.
CREATE TABLE IF NOT EXISTS embedder_training_texts
(
    text_id String,
    kind LowCardinality(String),
    text String,
    rating UInt8,
    role LowCardinality(String),
    item_id String,
    user_id String,
    language LowCardinality(String),
    occurred_at DateTime64(3, 'UTC'),
    recorded_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(recorded_at)
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (kind, text_id);

-- Labels operators supply (text or event id → intent / sentiment); the latest per text and
-- task wins. `text` carries the labelled text itself when it is not one the shop sent.
CREATE TABLE IF NOT EXISTS embedder_text_labels
(
    text_id String,
    task LowCardinality(String),
    label LowCardinality(String),
    text String,
    source LowCardinality(String),
    labelled_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(labelled_at)
ORDER BY (task, text_id);
