-- The recommender's served lists under a name of its own. 001 named its table served_lists, which the
-- feedback service also creates (a ReplacingMergeTree of another shape) in the same database: whichever
-- service migrated first set the table, and in the other shape the recommender's inserts failed
-- ("no insertable column current_item_id"). 001 stays as applied; served_lists belongs to the feedback
-- service. Lists written to served_lists before this are not carried over (the ranker learns from the
-- behaviour history until enough new lists are logged).
CREATE TABLE IF NOT EXISTS recommender_served_lists
(
    recommendation_id String,
    user_id String,
    method LowCardinality(String),
    page LowCardinality(String),
    current_item_id String,
    item_ids Array(String),
    scores Array(Float64),
    cold_start UInt8,
    arm LowCardinality(String),
    model_version LowCardinality(String),
    served_at DateTime64(3, 'UTC')
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(served_at)
ORDER BY (user_id, served_at)
TTL toDateTime(served_at) + INTERVAL 180 DAY;
