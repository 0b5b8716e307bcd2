-- Every catalog stock level as it was set (items keeps only the latest row of an item once merged),
-- so the days an item could not be bought can be read back: the forecaster masks them from demand
-- and uses the share of items out of stock as a driver. Fed by every insert into items.
CREATE TABLE IF NOT EXISTS item_stock_history
(
    item_id String,
    updated_at DateTime64(3, 'UTC'),
    stock Int64
)
ENGINE = ReplacingMergeTree
ORDER BY (item_id, updated_at);

CREATE MATERIALIZED VIEW IF NOT EXISTS item_stock_history_mv TO item_stock_history AS
SELECT item_id, updated_at, stock FROM items;

INSERT INTO item_stock_history SELECT item_id, updated_at, stock FROM items;
