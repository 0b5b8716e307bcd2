/**
 * Offsets waiting for a handler's later acknowledgement (ConsumerSpec.deferredCommit), per
 * partition, in fetch order. An entry is committable once its own acknowledgement and those
 * of every entry before it on its partition resolved; a rejected acknowledgement drops that
 * entry and every later one of its partition (their records must be read again). Acknowledged
 * entries are kept, as records not committed yet, until `committed` reaches them.
 */
export interface PendingAcksHooks {
  /** The highest committable offset of a partition moved to `nextOffset`. */
  commit(partition: number, nextOffset: string): void;
  /** The acknowledgement of records from `firstOffset` on failed: read them again from there. */
  failed(partition: number, firstOffset: string, error: unknown): void;
}

interface Entry {
  readonly firstOffset: string;
  readonly nextOffset: string;
  readonly records: number;
  state: 'waiting' | 'done' | 'failed';
  readonly settled: Promise<void>;
}

export class PendingAcks {
  private readonly partitions = new Map<number, Entry[]>();
  /** Per partition: entries acknowledged, in order, whose commit has not succeeded yet. */
  private readonly toCommit = new Map<number, { nextOffset: bigint; records: number }[]>();

  constructor(private readonly hooks: PendingAcksHooks) {}

  /** Records `firstOffset`…`nextOffset - 1` of `partition` are durable once `ack` resolves. */
  add(partition: number, firstOffset: string, nextOffset: string, records: number, ack: Promise<unknown>): void {
    const queue = this.partitions.get(partition) ?? [];
    this.partitions.set(partition, queue);
    const entry: Entry = {
      firstOffset,
      nextOffset,
      records,
      state: 'waiting',
      settled: ack.then(
        () => {
          entry.state = 'done';
          this.advance(partition, queue);
        },
        (error: unknown) => {
          entry.state = 'failed';
          this.fail(partition, queue, entry, error);
        },
      ),
    };
    queue.push(entry);
  }

  /** Records of the partition handled but not committed yet (acknowledged or not). */
  uncommitted(partition: number): number {
    let n = 0;
    for (const entry of this.partitions.get(partition) ?? []) n += entry.records;
    for (const entry of this.toCommit.get(partition) ?? []) n += entry.records;
    return n;
  }

  /** The partition's offsets below `nextOffset` are committed: their records no longer count as uncommitted. */
  committed(partition: number, nextOffset: bigint): void {
    const queue = this.toCommit.get(partition);
    while (queue?.[0] && queue[0].nextOffset <= nextOffset) queue.shift();
  }

  /** Settles when the oldest waiting entry of the partition settles; undefined when none waits. */
  oldestSettled(partition: number): Promise<void> | undefined {
    return this.partitions.get(partition)?.[0]?.settled;
  }

  /** Settles when every entry added so far settled. */
  async drain(): Promise<void> {
    await Promise.all([...this.partitions.values()].flatMap((queue) => queue.map((e) => e.settled)));
  }

  /** Forgets partitions other than `kept` (after a rebalance took them away): nothing of theirs is committed. */
  retain(kept: ReadonlySet<number>): void {
    for (const byPartition of [this.partitions, this.toCommit]) {
      for (const partition of [...byPartition.keys()]) if (!kept.has(partition)) byPartition.delete(partition);
    }
  }

  size(): number {
    let n = 0;
    for (const queue of this.partitions.values()) n += queue.length;
    return n;
  }

  private advance(partition: number, queue: Entry[]): void {
    if (this.partitions.get(partition) !== queue) return; // forgotten since
    let committable: string | undefined;
    const toCommit = this.toCommit.get(partition) ?? [];
    this.toCommit.set(partition, toCommit);
    while (queue[0]?.state === 'done') {
      const { nextOffset, records } = queue.shift()!;
      toCommit.push({ nextOffset: BigInt(nextOffset), records });
      committable = nextOffset;
    }
    if (committable !== undefined) this.hooks.commit(partition, committable);
  }

  private fail(partition: number, queue: Entry[], entry: Entry, error: unknown): void {
    if (this.partitions.get(partition) !== queue) return;
    const index = queue.indexOf(entry);
    if (index < 0) return; // already dropped by an earlier failure
    // Entries before it may still be waiting: they are kept and commit as they resolve.
    queue.splice(index);
    this.hooks.failed(partition, entry.firstOffset, error);
  }
}
