import type { AnalyticsStore } from './analytics-store.port.js';

export interface BatchInserterOptions {
  table: string;
  /** A batch is sent as soon as this many rows are waiting. */
  maxRows: number;
  /** …or this long after the first row of a batch arrived, whichever comes first. */
  maxDelayMs: number;
}

interface Waiting<T> {
  rows: readonly T[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Gathers rows for one table into few large inserts (what ClickHouse wants) while letting
 * each caller learn when its own rows are stored: `add` resolves once the batch holding
 * them is inserted and rejects with the insert's error if it fails, so a consumer commits
 * its offsets only after its rows are safe. Rows of a failed batch are handed back to their
 * callers through that rejection, never kept or dropped. Batches go out one at a time, in
 * the order their rows arrived.
 */
export class BatchInserter<T extends object> {
  private waiting: Waiting<T>[] = [];
  private waitingRows = 0;
  private timer: NodeJS.Timeout | undefined;
  /** The last batch sent; settles (never rejects) when it is done. */
  private sending: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly store: Pick<AnalyticsStore, 'insert'>,
    private readonly options: BatchInserterOptions,
  ) {
    if (!Number.isInteger(options.maxRows) || options.maxRows < 1)
      throw new RangeError(`BatchInserter(${options.table}): maxRows must be a positive integer`);
    if (!Number.isFinite(options.maxDelayMs) || options.maxDelayMs < 0)
      throw new RangeError(`BatchInserter(${options.table}): maxDelayMs must be a non-negative number`);
  }

  /** Rows waiting for their batch to be sent. */
  get pendingRows(): number {
    return this.waitingRows;
  }

  /** Resolves when `rows` are inserted; rejects with the insert's error if their batch fails. */
  add(rows: readonly T[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`BatchInserter(${this.options.table}) is closed`));
    if (rows.length === 0) return Promise.resolve();
    const stored = new Promise<void>((resolve, reject) => this.waiting.push({ rows, resolve, reject }));
    this.waitingRows += rows.length;
    if (this.waitingRows >= this.options.maxRows) {
      this.sendWaiting().catch(() => undefined);
    } else {
      this.timer ??= setTimeout(() => {
        this.sendWaiting().catch(() => undefined);
      }, this.options.maxDelayMs);
    }
    return stored;
  }

  /** Sends what is waiting now; resolves when it (and every batch before it) is done, rejects if it fails. */
  flush(): Promise<void> {
    return this.sendWaiting();
  }

  /** Refuses further rows and flushes the rest; rejects if that last batch fails. */
  async close(): Promise<void> {
    this.closed = true;
    await this.sendWaiting();
  }

  private sendWaiting(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.waiting;
    if (batch.length === 0) return this.sending;
    this.waiting = [];
    this.waitingRows = 0;
    const sent = this.sending.then(() => this.insert(batch));
    this.sending = sent.catch(() => undefined);
    return sent;
  }

  private async insert(batch: readonly Waiting<T>[]): Promise<void> {
    try {
      await this.store.insert(
        this.options.table,
        batch.flatMap((entry) => entry.rows),
      );
    } catch (error) {
      for (const entry of batch) entry.reject(error);
      throw error;
    }
    for (const entry of batch) entry.resolve();
  }
}
