-- Insert cost (issue #11: ingest at >= 0.7x a raw chdb insert). Every view over clean_events runs
-- on every inserted block; measured one at a time (bench/src/aggregate-views.bench.ts) the five
-- user-side and session views cost about as much chdb CPU per row as the projection and
-- item_hourly together, and their AggregatingMergeTree parts (user_hourly holds almost a row per
-- event: users are many, their hours few) kept merges busy. What they held is in clean_events
-- already, in two orders: by item and day (the table) and by user and time (projection by_user,
-- migration 006). So the feature reader reads a user's windows, purchases and item states, and
-- the sessions of an item's co-counts, from clean_events itself, deduplicated at read time
-- (distinct event ids, LIMIT 1 BY event_id, max), and these views go. Exactness under
-- redelivery is unchanged: copies of an event have the same id. item_hourly (per item and
-- category windows, GetItemStats) stays: items are hot keys read for many events at once.
--
-- Plan for the tables (no drop, no truncate here): user_hourly, user_item_state, user_purchases,
-- session_items and item_sessions stop growing but stay readable, so a replica still on the
-- previous version keeps answering during a rolling update; their TTLs (applied at every start)
-- age their rows out, and a later migration drops them once no running version reads them.
DROP VIEW IF EXISTS user_hourly_mv;
DROP VIEW IF EXISTS user_item_state_mv;
DROP VIEW IF EXISTS user_purchases_mv;
DROP VIEW IF EXISTS session_items_mv;
DROP VIEW IF EXISTS item_sessions_mv;
