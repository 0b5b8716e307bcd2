-- The feature store (issue #11). Exactness is a property of the tables, not of a read
-- before each write: a redelivered event may be inserted again and changes no number.
--   * clean_events: ReplacingMergeTree whose sort key ends with event_id, so copies of one
--     event (same item, day and id) collapse at merge; readers that need raw rows use FINAL.
--   * every aggregate keeps idempotent states: uniqExact over event ids for counts, a set of
--     (event_id, quantity, unit_price) for money, max() for last-seen times, and sets
--     (ReplacingMergeTree rows, read with distinct counts) for sessions and purchases.
--     Merging a state with a copy of itself gives the same state.
-- Tables are ordered by how they are read (item or user, then time) and partitioned by
-- month. TTLs are set by the aggregator at start-up from its configuration.
-- Events flagged by a bot rule ("bot:" flags) stay in clean_events but feed no aggregate.

CREATE TABLE IF NOT EXISTS clean_events
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
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (item_id, toDate(occurred_at), event_id);

CREATE TABLE IF NOT EXISTS item_hourly
(
    item_id String,
    hour DateTime('UTC'),
    kind LowCardinality(String),
    events AggregateFunction(uniqExact, String),
    paid AggregateFunction(groupUniqArray, Tuple(String, UInt32, Float64)),
    good_reviews AggregateFunction(uniqExact, String),
    bad_reviews AggregateFunction(uniqExact, String),
    last_at SimpleAggregateFunction(max, DateTime64(3, 'UTC'))
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (item_id, hour, kind);

CREATE TABLE IF NOT EXISTS user_hourly
(
    user_id String,
    hour DateTime('UTC'),
    kind LowCardinality(String),
    events AggregateFunction(uniqExact, String),
    paid AggregateFunction(groupUniqArray, Tuple(String, UInt32, Float64)),
    good_reviews AggregateFunction(uniqExact, String),
    bad_reviews AggregateFunction(uniqExact, String),
    last_at SimpleAggregateFunction(max, DateTime64(3, 'UTC'))
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (user_id, hour, kind);

CREATE MATERIALIZED VIEW IF NOT EXISTS item_hourly_mv TO item_hourly AS
SELECT
    item_id,
    toStartOfHour(occurred_at) AS hour,
    kind,
    uniqExactState(event_id) AS events,
    groupUniqArrayStateIf((event_id, quantity, unit_price), kind = 'purchase') AS paid,
    uniqExactStateIf(event_id, kind = 'review' AND rating >= 4) AS good_reviews,
    uniqExactStateIf(event_id, kind = 'review' AND rating BETWEEN 1 AND 2) AS bad_reviews,
    max(occurred_at) AS last_at
FROM clean_events
WHERE item_id != '' AND NOT arrayExists(f -> startsWith(f, 'bot:'), flags)
GROUP BY item_id, hour, kind;

CREATE MATERIALIZED VIEW IF NOT EXISTS user_hourly_mv TO user_hourly AS
SELECT
    user_id,
    toStartOfHour(occurred_at) AS hour,
    kind,
    uniqExactState(event_id) AS events,
    groupUniqArrayStateIf((event_id, quantity, unit_price), kind = 'purchase') AS paid,
    uniqExactStateIf(event_id, kind = 'review' AND rating >= 4) AS good_reviews,
    uniqExactStateIf(event_id, kind = 'review' AND rating BETWEEN 1 AND 2) AS bad_reviews,
    max(occurred_at) AS last_at
FROM clean_events
WHERE user_id != '' AND NOT arrayExists(f -> startsWith(f, 'bot:'), flags)
GROUP BY user_id, hour, kind;

CREATE TABLE IF NOT EXISTS user_item_state
(
    user_id String,
    item_id String,
    last_view SimpleAggregateFunction(max, DateTime64(3, 'UTC')),
    last_cart SimpleAggregateFunction(max, DateTime64(3, 'UTC')),
    last_remove SimpleAggregateFunction(max, DateTime64(3, 'UTC')),
    last_purchase SimpleAggregateFunction(max, DateTime64(3, 'UTC'))
)
ENGINE = AggregatingMergeTree
ORDER BY (user_id, item_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS user_item_state_mv TO user_item_state AS
SELECT
    user_id,
    item_id,
    maxIf(occurred_at, kind IN ('view', 'click')) AS last_view,
    maxIf(occurred_at, kind = 'add_to_cart') AS last_cart,
    maxIf(occurred_at, kind = 'remove_from_cart') AS last_remove,
    maxIf(occurred_at, kind = 'purchase') AS last_purchase
FROM clean_events
WHERE user_id != '' AND item_id != '' AND kind IN ('view', 'click', 'add_to_cart', 'remove_from_cart', 'purchase')
    AND NOT arrayExists(f -> startsWith(f, 'bot:'), flags)
GROUP BY user_id, item_id;

CREATE TABLE IF NOT EXISTS user_purchases
(
    user_id String,
    occurred_at DateTime64(3, 'UTC'),
    event_id String,
    item_id String,
    order_id String,
    quantity UInt32,
    unit_price Float64
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (user_id, occurred_at, event_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS user_purchases_mv TO user_purchases AS
SELECT user_id, occurred_at, event_id, item_id, order_id, quantity, unit_price
FROM clean_events
WHERE kind = 'purchase' AND user_id != '' AND NOT arrayExists(f -> startsWith(f, 'bot:'), flags);

CREATE TABLE IF NOT EXISTS session_items
(
    session_id String,
    kind LowCardinality(String),
    item_id String,
    day Date
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (session_id, kind, item_id);

CREATE TABLE IF NOT EXISTS item_sessions AS session_items
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (item_id, kind, session_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS session_items_mv TO session_items AS
SELECT DISTINCT session_id, kind, item_id, toDate(occurred_at) AS day
FROM clean_events
WHERE session_id != '' AND item_id != '' AND kind IN ('view', 'purchase')
    AND NOT arrayExists(f -> startsWith(f, 'bot:'), flags);

CREATE MATERIALIZED VIEW IF NOT EXISTS item_sessions_mv TO item_sessions AS
SELECT DISTINCT session_id, kind, item_id, toDate(occurred_at) AS day
FROM clean_events
WHERE session_id != '' AND item_id != '' AND kind IN ('view', 'purchase')
    AND NOT arrayExists(f -> startsWith(f, 'bot:'), flags);

-- Events stored before this migration move over (the views above fill the aggregates).
-- The old tables stay until a later migration drops them, so a replica still running the
-- previous version keeps working during a rolling update.
INSERT INTO clean_events SELECT * FROM events FINAL;
