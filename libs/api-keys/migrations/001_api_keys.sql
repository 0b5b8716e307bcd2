-- The API keys every gRPC server of the deployment accepts, in the base database that every cell
-- shares (one table holds every shop's keys, like the key file): the SHA-256 of each key's secret,
-- never the key. Rows are never changed: a revoke adds a copy of the key's row with revoked_at,
-- and readers take the earliest revoked_at of a key, so no later write can bring a key back.
CREATE TABLE IF NOT EXISTS api_keys
(
    id String,
    tenant LowCardinality(String),
    name String,
    secret_hash String,
    scopes Array(LowCardinality(String)),
    rate_per_second Nullable(Float64),
    created_at DateTime64(3, 'UTC'),
    revoked_at Nullable(DateTime64(3, 'UTC'))
)
ENGINE = MergeTree
ORDER BY id;
