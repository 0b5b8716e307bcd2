import type { ClickHouseSettings } from '@clickhouse/client';

/** Asks the server whether it has `max_partitions_per_insert_block` (18.16 has not). */
export const PARTITION_LIMIT_PROBE = "SELECT 1 FROM system.settings WHERE name = 'max_partitions_per_insert_block'";

/**
 * The settings every insert sends. A server with the setting refuses an insert whose rows span
 * more than 100 partitions (a gathered batch of an unsorted history import under a `toYYYYMM`
 * key, read again forever): lifted, as the embedded store does. A server without it (18.16)
 * refuses unknown settings, so it is asked once, on the first insert; a failed probe fails that
 * insert and is asked again by the next.
 */
export class InsertSettings {
  private known: Promise<ClickHouseSettings> | undefined;

  constructor(private readonly hasPartitionLimit: () => Promise<boolean>) {}

  get(): Promise<ClickHouseSettings> {
    this.known ??= this.hasPartitionLimit().then(
      (has) => (has ? { max_partitions_per_insert_block: '0' } : {}),
      (error: unknown) => {
        this.known = undefined;
        throw error;
      },
    );
    return this.known;
  }
}
