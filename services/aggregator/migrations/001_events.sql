-- Every clean behaviour event, once: replayed events with a known event_id are skipped
-- before insert, and ReplacingMergeTree removes any duplicate that still slips through.
CREATE TABLE IF NOT EXISTS events
(
    event_id String,
    kind LowCardinality(String),
    user_id String,
    session_id String,
    item_id String,
    occurred_at DateTime64(3, 'UTC'),
    received_at DateTime64(3, 'UTC'),
    source LowCardinality(String),
    quantity UInt32,
    unit_price Float64,
    currency LowCardinality(String),
    rating UInt8,
    text String,
    query String,
    order_id String,
    flags Array(LowCardinality(String))
)
ENGINE = ReplacingMergeTree
ORDER BY event_id;

CREATE TABLE IF NOT EXISTS item_daily_counts
(
    day Date,
    item_id String,
    kind LowCardinality(String),
    events UInt64,
    units UInt64,
    revenue Float64
)
ENGINE = SummingMergeTree
ORDER BY (item_id, day, kind);

CREATE MATERIALIZED VIEW IF NOT EXISTS item_daily_counts_mv TO item_daily_counts AS
SELECT
    toDate(occurred_at) AS day,
    item_id,
    kind,
    count() AS events,
    sum(if(kind = 'purchase', quantity, 0)) AS units,
    sum(if(kind = 'purchase', quantity * unit_price, 0)) AS revenue
FROM events
WHERE item_id != ''
GROUP BY day, item_id, kind;

CREATE TABLE IF NOT EXISTS items
(
    item_id String,
    title String,
    description String,
    brand String,
    category_path Array(String),
    price Float64,
    currency LowCardinality(String),
    attributes Map(String, String),
    stock Int64,
    updated_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY item_id;
