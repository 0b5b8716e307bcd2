-- Every served list once (ReplacingMergeTree on recommendation_id: a redelivered list replaces itself).
CREATE TABLE IF NOT EXISTS served_lists
(
    recommendation_id String,
    user_id String,
    served_at DateTime64(3, 'UTC'),
    method LowCardinality(String),
    page LowCardinality(String),
    arm LowCardinality(String),
    model_version String,
    cold_start Bool,
    item_ids Array(String),
    scores Array(Float64)
)
ENGINE = ReplacingMergeTree
ORDER BY recommendation_id
TTL toDateTime(served_at) + INTERVAL 180 DAY;

-- Clicks, add-to-carts and purchases of people (bot-flagged events are left out), once per event_id;
-- attribution to served lists runs on read, so an outcome that arrives before its list still counts.
CREATE TABLE IF NOT EXISTS outcomes
(
    event_id String,
    user_id String,
    item_id String,
    kind LowCardinality(String),
    occurred_at DateTime64(3, 'UTC'),
    recommendation_id String,
    revenue Float64,
    quantity UInt32
)
ENGINE = ReplacingMergeTree
ORDER BY event_id
TTL toDateTime(occurred_at) + INTERVAL 180 DAY;

-- Operator labels for the training corpus: a text or an event id → intent and/or sentiment.
-- The newest label of a (text, event_id) pair wins.
CREATE TABLE IF NOT EXISTS operator_labels
(
    label_id String,
    text String,
    event_id String,
    intent LowCardinality(String),
    sentiment LowCardinality(String),
    labeller String,
    labelled_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(labelled_at)
ORDER BY label_id;

-- Versions announced on models.published.v1 with their offline holdout metrics.
CREATE TABLE IF NOT EXISTS published_models
(
    model LowCardinality(String),
    version String,
    metrics Map(String, Float64),
    data_window_start String,
    data_window_end String,
    training_set_hash String,
    received_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(received_at)
ORDER BY (model, version);

-- Audit: every champion/challenger decision and every drift check, with its reason.
CREATE TABLE IF NOT EXISTS model_decisions
(
    model LowCardinality(String),
    version String,
    champion_version String,
    decision LowCardinality(String),
    reason String,
    decided_at DateTime64(3, 'UTC')
)
ENGINE = MergeTree
ORDER BY (model, decided_at);

CREATE TABLE IF NOT EXISTS drift_checks
(
    checked_at DateTime64(3, 'UTC'),
    detector LowCardinality(String),
    subject String,
    value Float64,
    threshold Float64,
    drifted Bool
)
ENGINE = MergeTree
ORDER BY checked_at;

-- Texts the shop sent (review texts, search queries, dialog turns), for text length and vocabulary drift.
CREATE TABLE IF NOT EXISTS text_samples
(
    event_id String,
    kind LowCardinality(String),
    occurred_at DateTime64(3, 'UTC'),
    text String
)
ENGINE = ReplacingMergeTree
ORDER BY event_id
TTL toDateTime(occurred_at) + INTERVAL 90 DAY;

-- Published daily forecasts (forecasts.updated.v1), one row per series, version, issue and day,
-- scored against the purchases in `outcomes` as days close (item and shop series).
CREATE TABLE IF NOT EXISTS forecast_points
(
    series_id String,
    model_version String,
    data_through Date,
    day Date,
    mean Float64
)
ENGINE = ReplacingMergeTree
ORDER BY (series_id, model_version, data_through, day)
TTL day + INTERVAL 180 DAY;

-- The embedder's answers (embeddings.updated.v1): review sentiment beside the stars given, dialog
-- intent; scored against the stars and against operator labels of the same event.
CREATE TABLE IF NOT EXISTS predictions
(
    text_id String,
    head LowCardinality(String),
    model_version String,
    label LowCardinality(String),
    rating UInt8,
    occurred_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree
ORDER BY (head, text_id, model_version)
TTL toDateTime(occurred_at) + INTERVAL 180 DAY;

-- Audit of every retraining request this service made (operator, drift, schedule).
CREATE TABLE IF NOT EXISTS training_requests
(
    model LowCardinality(String),
    reason String,
    requested_at DateTime64(3, 'UTC')
)
ENGINE = MergeTree
ORDER BY (model, requested_at);
