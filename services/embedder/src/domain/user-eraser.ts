import type { Filter, VectorStore } from '@demand/vector-store';

export interface ErasedPoints {
  collection: string;
  points: number;
}

/**
 * Removes every text vector of the given stored user ids from every collection of the store
 * (the current encoder's and any older one's). Idempotent: a second pass finds nothing.
 */
export class UserEraser {
  constructor(private readonly store: VectorStore) {}

  async erase(storedIds: readonly string[]): Promise<ErasedPoints[]> {
    const ids = storedIds.filter((id) => id !== '');
    if (ids.length === 0) return [];
    const filter: Filter = { must: [{ key: 'user_id', match: { any: [...ids] } }] };
    const erased: ErasedPoints[] = [];
    for (const collection of await this.store.listCollections()) {
      const points = await this.store.count(collection, filter);
      if (points > 0) await this.store.deleteByFilter(collection, filter);
      erased.push({ collection, points });
    }
    return erased;
  }
}
