import type { ClickHouseSettings } from '@clickhouse/client';
import { ANY_PARTITION_COUNT } from '../clickhouse-statements.js';

/** Asks the server whether it has `max_partitions_per_insert_block` (18.16 has not). */
export const PARTITION_LIMIT_PROBE = "SELECT 1 FROM system.settings WHERE name = 'max_partitions_per_insert_block'";

/**
 * The settings every insert sends: `ANY_PARTITION_COUNT` where the server has the setting. A
 * server without it (18.16) refuses unknown settings, so it is asked once, on the first insert; a
 * failed probe fails that insert and is asked again by the next.
 */
export class InsertSettings {
  private known: Promise<ClickHouseSettings> | undefined;

  constructor(private readonly hasPartitionLimit: () => Promise<boolean>) {}

  get(): Promise<ClickHouseSettings> {
    this.known ??= this.hasPartitionLimit().then(
      (has) => (has ? ANY_PARTITION_COUNT : {}),
      (error: unknown) => {
        this.known = undefined;
        throw error;
      },
    );
    return this.known;
  }
}
