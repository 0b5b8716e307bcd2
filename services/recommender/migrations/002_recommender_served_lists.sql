-- The recommender's served lists under a name of its own. 001 named its table served_lists, which the
-- feedback service also creates (a ReplacingMergeTree of another shape) in the same database: whichever
-- service migrated first set the table, and in the other shape the recommender's inserts failed
-- ("no insertable column current_item_id"). 001 stays as applied; served_lists belongs to the feedback
-- service. The lists already logged there are copied over by the columns both shapes have (the ranker
-- learns from them), once each.
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

INSERT INTO recommender_served_lists
    (recommendation_id, user_id, method, page, item_ids, scores, cold_start, arm, model_version, served_at)
SELECT recommendation_id, user_id, method, page, item_ids, scores, toUInt8(cold_start), arm, model_version, served_at
FROM served_lists
LIMIT 1 BY recommendation_id;
