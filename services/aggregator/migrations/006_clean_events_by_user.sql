-- Profiles read a user's whole history (touched refresh: the users of a stored batch; full
-- refresh: users page by page), but clean_events is ordered by item and day, so every such read
-- scanned the table. A projection keeps the columns profiles read in user order beside each part:
-- reads filtered by user_id use it on their own (optimize_use_projections), item reads keep the
-- table's order. On a ReplacingMergeTree a merge must rebuild the projection from the merged
-- rows ('rebuild'), so it holds what the table holds. MATERIALIZE builds it for the parts that
-- exist already as a background mutation: the table stays readable and writable meanwhile, and
-- reads of parts not yet done fall back to the table's order.
ALTER TABLE clean_events MODIFY SETTING deduplicate_merge_projection_mode = 'rebuild';

ALTER TABLE clean_events ADD PROJECTION IF NOT EXISTS by_user
(
    SELECT user_id, occurred_at, event_id, item_id, session_id, order_id, kind, quantity, unit_price, rating, flags
    ORDER BY user_id, occurred_at
);

ALTER TABLE clean_events MATERIALIZE PROJECTION by_user;
