import { lowerBound, upperBound } from './sorted-search.js';

/** Values a block holds after a split; a block splits past twice this. */
const BLOCK = 512;

/**
 * A multiset of numbers kept in ascending order, in blocks of at most 2 · BLOCK sorted values: adding or
 * deleting a value costs a binary search over the blocks and a move within one block (O(log n + BLOCK)),
 * the value of a rank a walk over the blocks' lengths (O(n / BLOCK)). NaN has no rank and is refused.
 */
export class SortedValues {
  private blocks: number[][] = [];
  private count = 0;

  /**
   * The values of `values` (sorted here, in place; no NaN) in one sort and one cut into blocks of BLOCK: for many
   * values at once, far cheaper than adding them one by one.
   */
  static fromUnsorted(values: Float64Array): SortedValues {
    values.sort();
    if (values.length > 0 && Number.isNaN(values[values.length - 1])) {
      throw new RangeError('NaN has no rank among values');
    }
    const built = new SortedValues();
    for (let start = 0; start < values.length; start += BLOCK) {
      // Pushed one by one: Array.from of a subarray costs several times more.
      const block: number[] = [];
      for (let i = start; i < Math.min(values.length, start + BLOCK); i++) block.push(values[i]!);
      built.blocks.push(block);
    }
    built.count = values.length;
    return built;
  }

  get size(): number {
    return this.count;
  }

  add(value: number): void {
    if (Number.isNaN(value)) throw new RangeError('NaN has no rank among values');
    this.count++;
    if (this.blocks.length === 0) {
      this.blocks.push([value]);
      return;
    }
    const b = Math.min(this.firstBlockReaching(value), this.blocks.length - 1);
    const block = this.blocks[b]!;
    block.splice(upperBound(block, value), 0, value);
    if (block.length > 2 * BLOCK) this.blocks.splice(b + 1, 0, block.splice(BLOCK));
  }

  /** Deletes one occurrence of `value`; false when there is none. */
  delete(value: number): boolean {
    const b = this.firstBlockReaching(value);
    const block = this.blocks[b];
    if (!block) return false;
    const i = lowerBound(block, value);
    if (block[i] !== value) return false;
    block.splice(i, 1);
    if (block.length === 0) this.blocks.splice(b, 1);
    this.count--;
    return true;
  }

  /** The value of rank `rank` (0 the smallest). */
  at(rank: number): number {
    if (!(Number.isInteger(rank) && rank >= 0 && rank < this.count)) {
      throw new RangeError(`rank ${rank} is outside 0..${this.count - 1}`);
    }
    let left = rank;
    for (const block of this.blocks) {
      if (left < block.length) return block[left]!;
      left -= block.length;
    }
    throw new Error('unreachable: the blocks hold fewer values than counted');
  }

  /** The first block whose largest value is at least `value` (where its first occurrence would be). */
  private firstBlockReaching(value: number): number {
    let lo = 0;
    let hi = this.blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const block = this.blocks[mid]!;
      if (block[block.length - 1]! < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
