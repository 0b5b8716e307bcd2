-- Events a bot rule flagged (flags starting with "bot:", set by the preprocessor) stay in
-- `events` for audit but no longer count in item_daily_counts: the view is recreated with
-- that filter and the counts are rebuilt from `events`. Every statement can run again.
DROP VIEW IF EXISTS item_daily_counts_mv;

CREATE MATERIALIZED VIEW IF NOT EXISTS item_daily_counts_mv TO item_daily_counts AS
SELECT
    toDate(occurred_at) AS day,
    item_id,
    kind,
    count() AS events,
    sum(if(kind = 'purchase', quantity, 0)) AS units,
    sum(if(kind = 'purchase', quantity * unit_price, 0)) AS revenue
FROM events
WHERE item_id != '' AND NOT arrayExists(f -> startsWith(f, 'bot:'), flags)
GROUP BY day, item_id, kind;

TRUNCATE TABLE IF EXISTS item_daily_counts;

INSERT INTO item_daily_counts
SELECT
    toDate(occurred_at) AS day,
    item_id,
    kind,
    count() AS events,
    sum(if(kind = 'purchase', quantity, 0)) AS units,
    sum(if(kind = 'purchase', quantity * unit_price, 0)) AS revenue
FROM events FINAL
WHERE item_id != '' AND NOT arrayExists(f -> startsWith(f, 'bot:'), flags)
GROUP BY day, item_id, kind;
