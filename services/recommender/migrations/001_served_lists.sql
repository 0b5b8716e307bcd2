-- Every list the recommender served (the same records as recs.served.v1), so training can join
-- what was shown with what shoppers did next (clean_events) and learn the ranker from it.
CREATE TABLE IF NOT EXISTS served_lists
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
