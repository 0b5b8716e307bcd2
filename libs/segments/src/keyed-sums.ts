/**
 * Running sums per key, addressed by a slot number once the key's slot is known: the same sums, in the same
 * order of keys, as a Map of running sums fed the same weights, without a lookup per weight.
 */
export class KeyedSums {
  readonly keys: string[] = [];
  readonly sums: number[] = [];
  private readonly slots = new Map<string, number>();

  /** The key's slot; a new key is placed after every key taken before (a Map's insertion order). */
  slotOf(key: string): number {
    let slot = this.slots.get(key);
    if (slot === undefined) {
      slot = this.keys.length;
      this.slots.set(key, slot);
      this.keys.push(key);
      this.sums.push(0);
    }
    return slot;
  }

  add(slot: number, weight: number): void {
    this.sums[slot] = this.sums[slot]! + weight;
  }

  toMap(): Map<string, number> {
    const map = new Map<string, number>();
    for (let i = 0; i < this.keys.length; i++) map.set(this.keys[i]!, this.sums[i]!);
    return map;
  }
}
