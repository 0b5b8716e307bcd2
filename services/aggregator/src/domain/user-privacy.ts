import type { ExportedRows, TableRows, UserDataStore } from '../ports/user-data-store.port.js';

export interface ForgetReceipt {
  userId: string;
  removed: (TableRows & { store: 'clickhouse' | 'memory' })[];
  completedAt: Date;
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
    private readonly memory: { forgetUsers(ids: readonly string[]): number },
    private readonly storedIdsOf: StoredIdsOf,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async forget(userId: string): Promise<ForgetReceipt> {
    const ids = this.ids(userId);
    const tables = await this.store.deleteUsers(ids);
    const profiles = this.memory.forgetUsers(ids);
    return {
      userId,
      removed: [
        ...tables.map((t) => ({ ...t, store: 'clickhouse' as const })),
        { store: 'memory', table: 'profiles', rows: profiles },
      ],
      completedAt: this.now(),
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
