/** Rows waiting for one insert, and the callers to tell when it is done. */
interface Held {
  rows: unknown[][];
  settle: { resolve: () => void; reject: (error: unknown) => void }[];
}

export interface RowGathererOptions {
  /** An insert starts as soon as this many rows are held (VERSIONS.md: tens of thousands). */
  maxRows: number;
  /** …or this long after the first held row arrived. */
  maxDelayMs: number;
  /** Pause after a failed insert before the next one starts. */
  failureDelayMs?: number;
}

/**
 * Gathers positional rows from many callers (Kafka batches of any partition) into one large
 * insert at a time: `add` returns at once with a promise that settles when the insert
 * holding those rows is done. One insert is in flight; rows arriving meanwhile make the next,
 * larger one. A failed insert rejects every caller whose rows it held (the bus then reads
 * those records again; the storage is idempotent), and the next insert waits a little.
 */
export class RowGatherer {
  private held: Held = { rows: [], settle: [] };
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private pausedUntil = 0;
  private closed = false;

  constructor(
    private readonly insert: (rows: unknown[][]) => Promise<void>,
    private readonly options: RowGathererOptions,
  ) {}

  /** Holds `rows` for the next insert; the promise resolves once they are stored. */
  add(rows: readonly unknown[][]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('row gatherer is closed'));
    if (rows.length === 0) return Promise.resolve();
    const done = new Promise<void>((resolve, reject) => this.held.settle.push({ resolve, reject }));
    for (const row of rows) this.held.rows.push(row);
    if (this.held.rows.length >= this.options.maxRows) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.options.maxDelayMs);
    return done;
  }

  /** Rows held but not yet in an insert. */
  heldRows(): number {
    return this.held.rows.length;
  }

  /** Starts an insert of what is held now (or right after the one in flight). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.inFlight || this.held.rows.length === 0) return;
    const wait = this.pausedUntil - Date.now();
    if (wait > 0) {
      this.timer = setTimeout(() => this.flush(), wait);
      return;
    }
    const batch = this.held;
    this.held = { rows: [], settle: [] };
    this.inFlight = this.insert(batch.rows).then(
      () => {
        for (const s of batch.settle) s.resolve();
      },
      (error: unknown) => {
        this.pausedUntil = Date.now() + (this.options.failureDelayMs ?? 500);
        for (const s of batch.settle) s.reject(error);
      },
    );
    void this.inFlight.finally(() => {
      this.inFlight = undefined;
      if (this.held.rows.length === 0) return;
      if (this.closed || this.held.rows.length >= this.options.maxRows) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.options.maxDelayMs);
    });
  }

  /** Inserts what is held and waits for every insert; later `add` calls are refused. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.inFlight || this.held.rows.length > 0) {
      this.flush();
      await (this.inFlight ?? new Promise((resolve) => setTimeout(resolve, 10)));
    }
  }
}
