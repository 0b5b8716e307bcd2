import type { ExportedRows, TableRows, UserDataStore } from '../ports/user-data-store.port.js';

export interface ForgetReceipt {
  userId: string;
  removed: (TableRows & { store: 'clickhouse' | 'memory' })[];
  completedAt: Date;
  /** Where the request went on for the services that keep their own copies. */
  forwardedTo: string[];
}

/** Tells the other services which stored ids to erase; resolves once the message is durable. */
export interface ForgetAnnouncer {
  readonly destination: string;
  announce(storedIds: readonly string[]): Promise<void>;
}

export interface UserExportResult {
  userId: string;
  tables: ExportedRows[];
  exportedAt: Date;
}

/** What a user's data is filed under: the pseudonym the preprocessor gave them (and the raw id, in case). */
export type StoredIdsOf = (userId: string) => string[];

export class InvalidUserId extends Error {
  readonly code = 'INVALID_ARGUMENT';
}

/**
 * Data-subject requests over the aggregator's data: forgetting a user removes their rows from
 * every table and their profile from memory; exporting returns their rows.
 */
export class UserPrivacy {
  constructor(
    private readonly store: UserDataStore,
    private readonly memory: { forgetUsers(ids: readonly string[]): number | Promise<number> },
    private readonly storedIdsOf: StoredIdsOf,
    private readonly announcer: ForgetAnnouncer,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Announced first, so that a failure part-way is retried by asking again, never half-forgotten in silence. */
  async forget(userId: string): Promise<ForgetReceipt> {
    const ids = this.ids(userId);
    await this.announcer.announce(ids);
    const tables = await this.store.deleteUsers(ids);
    const profiles = await this.memory.forgetUsers(ids);
    return {
      userId,
      removed: [
        ...tables.map((t) => ({ ...t, store: 'clickhouse' as const })),
        { store: 'memory', table: 'profiles', rows: profiles },
      ],
      completedAt: this.now(),
      forwardedTo: [this.announcer.destination],
    };
  }

  async export(userId: string): Promise<UserExportResult> {
    return { userId, tables: await this.store.exportUsers(this.ids(userId)), exportedAt: this.now() };
  }

  private ids(userId: string): string[] {
    if (userId.trim() === '') throw new InvalidUserId('user_id: must not be empty');
    return [...new Set(this.storedIdsOf(userId))];
  }
}
