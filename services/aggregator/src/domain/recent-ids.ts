/** The last `capacity` ids added, the oldest forgotten first: a bounded memory of what was seen. */
export class RecentIds {
  private readonly ids = new Set<string>();

  constructor(readonly capacity: number) {
    if (!(Number.isInteger(capacity) && capacity > 0)) {
      throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    }
  }

  get size(): number {
    return this.ids.size;
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  /** Adds `id` (a Set keeps insertion order, so the first id iterated is the oldest). */
  add(id: string): void {
    if (this.ids.has(id)) return;
    this.ids.add(id);
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value!);
  }

  clear(): void {
    this.ids.clear();
  }
}
