-- Served lists under a name of the feedback service's own. The recommender's migration 001 also created
-- served_lists in this database, as a plain MergeTree with a current_item_id column: where it migrated
-- first, 001 above kept that table, and a redelivered list stayed stored twice. served_lists is left as is
-- (the recommender's 001 may hold it); its rows are copied here by the columns both shapes have, whichever
-- shape it has, and copies of one list merge into one (ReplacingMergeTree on recommendation_id).
CREATE TABLE IF NOT EXISTS feedback_served_lists
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

INSERT INTO feedback_served_lists
    (recommendation_id, user_id, served_at, method, page, arm, model_version, cold_start, item_ids, scores)
SELECT recommendation_id, user_id, served_at, method, page, arm, toString(model_version), cold_start != 0, item_ids,
       scores
FROM served_lists;
