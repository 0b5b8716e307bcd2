/**
 * The last `capacity` ids added, the oldest forgotten first: a bounded memory of what was seen.
 * The ids are also kept in order in a ring, so the oldest is deleted by its key: a Set evicting its
 * first entry (`values().next()`) would skip every earlier eviction's hole, which V8 leaves until
 * it rehashes (25–90 µs an id at 200,000 ids, where a hash lookup takes well under 1 µs).
 */
export class RecentIds {
  private readonly ids = new Set<string>();
  private readonly order: string[] = [];
  /** Where the next id goes in `order` once it is full: the oldest id's place. */
  private oldest = 0;

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

  /** Adds `id`; false when it was among the last `capacity` already (one lookup where `has` then `add` take two). */
  add(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.order.length < this.capacity) {
      this.order.push(id);
      return true;
    }
    this.ids.delete(this.order[this.oldest]!);
    this.order[this.oldest] = id;
    this.oldest = (this.oldest + 1) % this.capacity;
    return true;
  }

  clear(): void {
    this.ids.clear();
    this.order.length = 0;
    this.oldest = 0;
  }
}
