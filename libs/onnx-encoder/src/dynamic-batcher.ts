import { EncoderError } from './encoder-error.js';

export interface DynamicBatcherOptions<Result> {
  /** Runs the model on one batch; must return one result per text, in order. */
  encodeBatch: (texts: string[]) => Promise<Result[]>;
  /** Token length of a text, used to put texts of similar length in one batch. */
  tokenLength: (text: string) => number;
  /** Most texts per model call. */
  maxBatchSize: number;
  /** Longest a text waits for others to join before its batch is dispatched. */
  maxWaitMs: number;
  /** Texts accepted but not finished (waiting or running); a submit beyond this is refused. */
  maxQueuedTexts: number;
  /** Model calls running at once (default 1). */
  maxConcurrentBatches?: number;
  /**
   * Send waiting texts at once whenever a model slot is free instead of waiting for company
   * (default false). A lone request then costs one model call, not `maxWaitMs` more; under
   * load the slots stay busy, so texts still pile up into batches while the model runs.
   */
  dispatchWhenIdle?: boolean;
}

interface Request<Result> {
  results: Result[];
  remaining: number;
  failed: boolean;
  resolve: (results: Result[]) => void;
  reject: (error: unknown) => void;
}

interface Item<Result> {
  text: string;
  length: number;
  request: Request<Result>;
  index: number;
}

/**
 * Collects texts from many callers into model batches. Full batches leave at once (the oldest
 * texts first); the rest leave together when the oldest waiting text has waited `maxWaitMs`
 * (or, with `dispatchWhenIdle`, as soon as a model slot is free).
 * Texts leaving together are sorted by token length before being cut into batches, so short
 * texts are not padded to long ones. Every caller gets its own results, in its order.
 */
export class DynamicBatcher<Result> {
  private pending: Item<Result>[] = [];
  private readonly ready: Item<Result>[][] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = 0;
  private unfinished = 0;
  private closed = false;
  private readonly idleWaiters: (() => void)[] = [];
  private readonly maxConcurrentBatches: number;

  constructor(private readonly options: DynamicBatcherOptions<Result>) {
    const problems: string[] = [];
    if (!Number.isInteger(options.maxBatchSize) || options.maxBatchSize < 1)
      problems.push('maxBatchSize must be a positive integer');
    if (!(options.maxWaitMs >= 0)) problems.push('maxWaitMs must be ≥ 0');
    if (!Number.isInteger(options.maxQueuedTexts) || options.maxQueuedTexts < 1)
      problems.push('maxQueuedTexts must be a positive integer');
    this.maxConcurrentBatches = options.maxConcurrentBatches ?? 1;
    if (!Number.isInteger(this.maxConcurrentBatches) || this.maxConcurrentBatches < 1)
      problems.push('maxConcurrentBatches must be a positive integer');
    if (problems.length > 0) throw new RangeError(`invalid batcher options: ${problems.join('; ')}`);
  }

  /** Texts accepted and not yet finished. */
  get queuedTexts(): number {
    return this.unfinished;
  }

  submit(texts: readonly string[]): Promise<Result[]> {
    if (this.closed)
      return Promise.reject(new EncoderError('BATCHER_CLOSED', 'the encoder is shutting down and takes no new texts'));
    if (texts.length === 0) return Promise.resolve([]);
    const limit = this.options.maxQueuedTexts;
    if (texts.length > limit) {
      return Promise.reject(
        new EncoderError(
          'QUEUE_FULL',
          `a request of ${texts.length} texts can never fit the encoder queue (limit ${limit}); send smaller requests`,
        ),
      );
    }
    if (this.unfinished + texts.length > limit) {
      return Promise.reject(
        new EncoderError(
          'QUEUE_FULL',
          `encoder queue full: ${this.unfinished} texts queued, ${texts.length} more would pass the limit of ${limit}`,
        ),
      );
    }
    let tokenLengths: number[];
    try {
      tokenLengths = texts.map((text) => this.options.tokenLength(text));
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<Result[]>((resolve, reject) => {
      const request: Request<Result> = {
        results: new Array<Result>(texts.length),
        remaining: texts.length,
        failed: false,
        resolve,
        reject,
      };
      texts.forEach((text, index) => this.pending.push({ text, length: tokenLengths[index] ?? 0, request, index }));
      this.unfinished += texts.length;
      this.schedule();
    });
  }

  /** Stops taking texts, dispatches what waits at once, and resolves when everything has finished. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.pending.length > 0) this.flush(this.pending.length);
    if (this.unfinished === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(): void {
    const { maxBatchSize, maxWaitMs } = this.options;
    const leaveNow =
      maxWaitMs === 0 || this.idleSlot()
        ? this.pending.length
        : this.pending.length - (this.pending.length % maxBatchSize);
    if (leaveNow > 0) this.flush(leaveNow);
    if (this.pending.length > 0) this.timer ??= setTimeout(() => this.flush(this.pending.length), maxWaitMs);
  }

  /** Dispatches the `count` oldest waiting texts, sorted by token length and cut into batches. */
  private flush(count: number): void {
    const items = this.pending.splice(0, count).sort((a, b) => a.length - b.length);
    if (this.pending.length === 0 && this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    for (let start = 0; start < items.length; start += this.options.maxBatchSize) {
      this.ready.push(items.slice(start, start + this.options.maxBatchSize));
    }
    this.dispatch();
  }

  /** True when idle dispatch is on and a model slot would stay empty. */
  private idleSlot(): boolean {
    return (
      this.options.dispatchWhenIdle === true && this.running < this.maxConcurrentBatches && this.ready.length === 0
    );
  }

  private dispatch(): void {
    if (this.pending.length > 0 && this.idleSlot()) this.flush(this.pending.length);
    while (this.running < this.maxConcurrentBatches && this.ready.length > 0) {
      const batch = this.ready.shift() as Item<Result>[];
      this.running++;
      void this.runBatch(batch).finally(() => {
        this.running--;
        this.dispatch();
      });
    }
  }

  private async runBatch(batch: Item<Result>[]): Promise<void> {
    try {
      const results = await this.options.encodeBatch(batch.map((item) => item.text));
      if (results.length !== batch.length)
        throw new Error(`encodeBatch returned ${results.length} results for ${batch.length} texts`);
      batch.forEach((item, i) => this.complete(item, results[i] as Result));
    } catch (error) {
      for (const item of batch) this.fail(item, error);
    } finally {
      this.unfinished -= batch.length;
      if (this.unfinished === 0) for (const wake of this.idleWaiters.splice(0)) wake();
    }
  }

  private complete(item: Item<Result>, result: Result): void {
    const { request } = item;
    if (request.failed) return;
    request.results[item.index] = result;
    request.remaining--;
    if (request.remaining === 0) request.resolve(request.results);
  }

  private fail(item: Item<Result>, error: unknown): void {
    if (item.request.failed) return;
    item.request.failed = true;
    item.request.reject(error);
  }
}
