/**
 * The event ids seen most recently, up to a fixed number; the oldest are forgotten first.
 * Duplicates are caught within that window.
 *
 * Each id is kept as a 63-bit fingerprint (two 32-bit hashes of its characters) in typed
 * arrays: an open-addressing table to look it up and a ring for the order to forget in. A
 * million-id window takes 24 MB instead of a Set holding a million id strings (over 100 MB the
 * garbage collector walks), and a lookup touches one table slot instead of a string. Two
 * different ids share a fingerprint with a chance of about window / 2^63 per lookup (≈1e-13
 * for a million ids): such an event would be taken for a duplicate. An id is hashed once
 * (`printOf`); its fingerprint is then looked up and added.
 */
/** An id's fingerprint (see `RecentIds`); low is never 0. */
export interface IdPrint {
  readonly high: number;
  readonly low: number;
}

export class RecentIds {
  /** Fingerprint pairs (high, low) by slot; low is never 0, so (0, 0) marks an empty slot. */
  private readonly table: Uint32Array;
  private readonly mask: number;
  /** Fingerprint pairs in the order they came; the oldest at `oldest` once `count` is the capacity. */
  private readonly ring: Uint32Array;
  private oldest = 0;
  private count = 0;

  constructor(private readonly capacity: number) {
    if (capacity < 1) throw new RangeError('capacity must be at least 1');
    let slots = 2;
    while (slots < capacity * 2) slots *= 2; // at most half full: short probes
    this.mask = slots - 1;
    this.table = new Uint32Array(slots * 2);
    this.ring = new Uint32Array(capacity * 2);
  }

  has({ high, low }: IdPrint): boolean {
    return this.slotOf(high, low) >= 0;
  }

  add({ high, low }: IdPrint): void {
    if (this.slotOf(high, low) >= 0) return;
    if (this.count === this.capacity) {
      const o = this.oldest;
      this.remove(this.ring[2 * o]!, this.ring[2 * o + 1]!);
      this.oldest = (o + 1) % this.capacity;
      this.count--;
    }
    const free = ~this.slotOf(high, low);
    this.table[2 * free] = high;
    this.table[2 * free + 1] = low;
    const end = (this.oldest + this.count) % this.capacity;
    this.ring[2 * end] = high;
    this.ring[2 * end + 1] = low;
    this.count++;
  }

  get size(): number {
    return this.count;
  }

  /** The id's fingerprint: two murmur3-style hashes with different seeds. */
  printOf(id: string): IdPrint {
    let a = 0x9747b28c;
    let b = 0x5bd1e995;
    for (let i = 0; i < id.length; i++) {
      const c = id.charCodeAt(i);
      a = Math.imul(a ^ c, 0xcc9e2d51);
      a = (a << 15) | (a >>> 17);
      b = Math.imul(b ^ c, 0x1b873593);
      b = (b << 13) | (b >>> 19);
    }
    return { high: mix(a ^ id.length), low: (mix(b + id.length) | 1) >>> 0 };
  }

  private home(high: number, low: number): number {
    return (high ^ Math.imul(low, 0x9e3779b1)) & this.mask;
  }

  /** The slot holding the fingerprint, or `~slot` of the empty slot where it would go. */
  private slotOf(high: number, low: number): number {
    const t = this.table;
    for (let i = this.home(high, low); ; i = (i + 1) & this.mask) {
      if (t[2 * i + 1] === 0) return ~i;
      if (t[2 * i] === high && t[2 * i + 1] === low) return i;
    }
  }

  /** Linear probing's deletion: later entries of the probe run move back into the gap, no tombstones. */
  private remove(high: number, low: number): void {
    const t = this.table;
    let gap = this.slotOf(high, low);
    if (gap < 0) return;
    for (let j = (gap + 1) & this.mask; t[2 * j + 1] !== 0; j = (j + 1) & this.mask) {
      const home = this.home(t[2 * j]!, t[2 * j + 1]!);
      if (((j - home) & this.mask) >= ((j - gap) & this.mask)) {
        t[2 * gap] = t[2 * j]!;
        t[2 * gap + 1] = t[2 * j + 1]!;
        gap = j;
      }
    }
    t[2 * gap] = 0;
    t[2 * gap + 1] = 0;
  }
}

function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
