/**
 * A map that keeps at most `capacity` entries, forgetting those used least recently: it holds
 * two generations, and once the younger holds half the capacity the older is dropped whole. A
 * hit in the older generation moves the entry to the younger, so an entry read or written within
 * the latest `capacity / 2` uses of distinct keys is always kept. (A Map evicting its first key
 * would pay for every earlier eviction: V8 leaves deleted entries as holes that iteration from
 * the front skips until the map is rehashed.)
 */
export class LruMap<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();
  private readonly generation: number;

  constructor(capacity: number) {
    if (!(capacity >= 2)) throw new RangeError(`capacity must be at least 2 (got ${capacity})`);
    this.generation = Math.floor(capacity / 2);
  }

  get(key: K): V | undefined {
    const value = this.young.get(key);
    if (value !== undefined) return value;
    const aged = this.old.get(key);
    if (aged !== undefined) this.set(key, aged);
    return aged;
  }

  set(key: K, value: V): void {
    this.young.set(key, value);
    this.old.delete(key);
    if (this.young.size >= this.generation) {
      this.old = this.young;
      this.young = new Map();
    }
  }

  /** Forgets `key`; whether it was held. */
  delete(key: K): boolean {
    const young = this.young.delete(key);
    return this.old.delete(key) || young;
  }

  get size(): number {
    return this.young.size + this.old.size;
  }
}
