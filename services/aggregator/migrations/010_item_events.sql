-- Insert cost (issues 15 and 11): item_hourly_mv was the costliest thing attached to clean_events. Per insert block it
-- grouped rows by item, hour and kind into four exact-distinct states (uniqExact, groupUniqArray), and its
-- AggregatingMergeTree parts, nearly a row per event (items are many, each item's events in one hour few), were
-- merged by deserializing and re-merging those states. Measured one at a time over a bare copy of clean_events
-- (docs/benchmarks.md, 2026-12-06), insert plus merge: item_hourly_mv ≈ 9 µs of CPU per row, a row per event
-- without states ≈ 4.
--
-- item_events keeps one narrow row per item event (no texts, no user), ReplacingMergeTree on (item, hour, kind,
-- event id): copies of a redelivered event are one row after merge, and readers count distinct event ids, so
-- exactness under redelivery is what it was (uniqExact of the same ids; the old states held 128-bit hashes of them).
-- Readers go through the plain view item_hourly_figures: per item, hour and kind, distinct events, the set of paid
-- order lines and good/bad reviews, as item_hourly's states gave them.
--
-- History: item_hourly keeps the features retention, clean_events the raw one (configured apart; raw may be the
-- shorter), so item_events can be filled from clean_events only from its oldest hour. item_events_since records the
-- first hour item_events is complete from (the hour after the oldest hour clean_events holds when this runs: that
-- one may be cut by TTL); item_hourly_figures reads item_hourly's states before it and item_events from it. Both
-- are complete across the boundary: item_events' view is created before the fill and item_hourly's view is dropped
-- after it, so from the fill on every new event reaches item_events; events of an hour are counted from one table
-- only, and an event has one hour, so the sums per hour are exact. Events that arrive after this runs but happened
-- before that hour (imports of old history) are kept in clean_events and item_events but not counted: item_hourly
-- no longer takes them and the figures read item_hourly there.
--
-- Live tables: nothing is truncated or rewritten. The fill is INSERT … SELECT while events keep streaming in;
-- overlapping rows (an event stored by the new view and by the fill) are copies of one event id, harmless. Every
-- statement can run again (a rerun records a later or equal boundary, and the figures read the latest). item_hourly
-- stays readable for a replica still on the previous version during a rolling update (its figures stop growing
-- then, as 007's tables did); it ages out by its TTL and a later migration drops it.
CREATE TABLE IF NOT EXISTS item_events
(
    item_id String,
    hour DateTime('UTC'),
    kind LowCardinality(String),
    event_id String,
    quantity UInt32,
    unit_price Float64,
    rating UInt8
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (item_id, hour, kind, event_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS item_events_mv TO item_events AS
SELECT item_id, toStartOfHour(occurred_at) AS hour, kind, event_id, quantity, unit_price, rating
FROM clean_events
WHERE item_id != '' AND NOT arrayExists(f -> startsWith(f, 'bot:'), flags);

CREATE TABLE IF NOT EXISTS item_events_since
(
    hour DateTime('UTC'),
    recorded_at DateTime64(3, 'UTC')
)
ENGINE = MergeTree
ORDER BY hour;

INSERT INTO item_events_since
SELECT if(count() = 0, toDateTime(0, 'UTC'), toStartOfHour(min(occurred_at)) + INTERVAL 1 HOUR), now64(3, 'UTC')
FROM clean_events;

INSERT INTO item_events
SELECT item_id, toStartOfHour(occurred_at) AS hour, kind, event_id, quantity, unit_price, rating
FROM clean_events
WHERE item_id != '' AND NOT arrayExists(f -> startsWith(f, 'bot:'), flags)
    AND toStartOfHour(occurred_at) >= (SELECT max(hour) FROM item_events_since);

DROP VIEW IF EXISTS item_hourly_mv;

CREATE VIEW IF NOT EXISTS item_hourly_figures AS
SELECT item_id, hour, kind, uniqExactMerge(events) AS events, groupUniqArrayMerge(paid) AS paid,
       uniqExactMerge(good_reviews) AS good_reviews, uniqExactMerge(bad_reviews) AS bad_reviews
FROM item_hourly
WHERE hour < (SELECT max(hour) FROM item_events_since)
GROUP BY item_id, hour, kind
UNION ALL
SELECT item_id, hour, kind, uniqExact(event_id) AS events,
       groupUniqArrayIf((event_id, quantity, unit_price), kind = 'purchase') AS paid,
       uniqExactIf(event_id, kind = 'review' AND rating >= 4) AS good_reviews,
       uniqExactIf(event_id, kind = 'review' AND rating BETWEEN 1 AND 2) AS bad_reviews
FROM item_events
WHERE hour >= (SELECT max(hour) FROM item_events_since)
GROUP BY item_id, hour, kind;
