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
}

/**
 * `toShares` of a tally given as its keys and sums in the Map's order: shares of the positive sums, largest
 * first (ties by key), each sum over the total of all.
 */
export function sharesOf(keys: readonly string[], sums: readonly number[]): Record<string, number> {
  const total = sumOf(sums);
  if (total <= 0) return {};
  const shares: Record<string, number> = {};
  for (const i of rankedSlots(keys, sums)) {
    const key = keys[i]!;
    const share = sums[i]! / total;
    // Assigning `__proto__` would set the prototype instead: that key is defined like any other.
    if (key === '__proto__')
      Object.defineProperty(shares, key, { value: share, enumerable: true, writable: true, configurable: true });
    else shares[key] = share;
  }
  return shares;
}

function sumOf(sums: readonly number[]): number {
  let total = 0;
  for (let i = 0; i < sums.length; i++) total += sums[i]!;
  return total;
}

/** The slots of the positive sums, largest first, ties by key. */
function rankedSlots(keys: readonly string[], sums: readonly number[]): number[] {
  const order: number[] = [];
  for (let i = 0; i < sums.length; i++) if (sums[i]! > 0) order.push(i);
  if (order.length > 1) order.sort((a, b) => sums[b]! - sums[a]! || (keys[a]! < keys[b]! ? -1 : 1));
  return order;
}

/** Shares of a weighted tally (they sum to 1), largest first; empty when nothing was counted. */
export function toShares(tally: ReadonlyMap<string, number>): Record<string, number> {
  return sharesOf([...tally.keys()], [...tally.values()]);
}

/** Herfindahl index of shares: 1 = everything on one key, 1/n = spread evenly over n. */
export function concentration(shares: Readonly<Record<string, number>>): number {
  let sum = 0;
  for (const s of Object.values(shares)) sum += s * s;
  return sum;
}

/**
 * Σ over groups of (the group's share of all the tallied weight × Herfindahl index of the shares within the
 * group). Only tallied weight counts: a user who buys one brand per category scores 1 whatever unbranded
 * items they also buy; 0 when nothing was tallied.
 */
export function concentrationWithin(groups: Iterable<KeyedSums>): number {
  let weighted = 0;
  let all = 0;
  for (const { keys, sums } of groups) {
    const total = sumOf(sums);
    weighted += total * concentration(sharesOf(keys, sums));
    all += total;
  }
  return all > 0 ? weighted / all : 0;
}
