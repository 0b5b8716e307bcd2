-- The five tables migration 007 retired: no version since 007 writes or reads them. 007 kept them
-- so that replicas of the version before it could answer during that rolling update; that update
-- is done once every replica runs 007 or later, which a replica of this version starting implies
-- for an upgrade that goes release by release. (Skipping from a version before 007 straight to
-- this one in a rolling update would break the old replicas' user reads while it rolls: stop them
-- first, or go through a release with 007.) DROP TABLE is metadata plus removing the parts; it
-- takes no lock on clean_events and the views that remain.
DROP TABLE IF EXISTS user_hourly;
DROP TABLE IF EXISTS user_item_state;
DROP TABLE IF EXISTS user_purchases;
DROP TABLE IF EXISTS session_items;
DROP TABLE IF EXISTS item_sessions;
