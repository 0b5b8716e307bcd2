/**
 * The event ids seen most recently, up to a fixed number; the oldest are forgotten first.
 * Duplicates are caught within that window.
 */
export class RecentIds {
  private readonly ids = new Set<string>();
  /**
   * The ids in the order they came, as a ring: the oldest is at `oldest` once it is full.
   * Not `ids.values().next()`: V8 leaves a deleted entry as a hole that iteration from the
   * front skips, so evicting that way costs more with every eviction until the set is rehashed
   * (≈0.5 ms an id at a million ids).
   */
  private readonly order: string[] = [];
  private oldest = 0;

  constructor(private readonly capacity: number) {
    if (capacity < 1) throw new RangeError('capacity must be at least 1');
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  add(id: string): void {
    const before = this.ids.size;
    this.ids.add(id); // one lookup in a set of up to a million ids, not two (has, then add)
    if (this.ids.size === before) return;
    if (this.order.length < this.capacity) {
      this.order.push(id);
      return;
    }
    this.ids.delete(this.order[this.oldest]!);
    this.order[this.oldest] = id;
    this.oldest = (this.oldest + 1) % this.capacity;
  }

  get size(): number {
    return this.ids.size;
  }
}
