import type { Message } from 'kafkajs';

export interface TopicRecords {
  readonly topic: string;
  readonly records: Message[];
}

export interface GatherLimits {
  /** Records in one gathered send, at most (one larger publish still goes alone). */
  readonly maxRecords: number;
  /** Key and value bytes in one gathered send, at most: keeps each partition's record batch under the broker's limit. */
  readonly maxBytes: number;
  /**
   * Kafka's `linger.ms`: how long a send waits, from its first publish, for others to join it
   * (default 0: a lone publish leaves at once). Larger sends make larger record batches, so
   * consumers handle more values per fetch; a send that filled while the previous one was in
   * flight is already that old and does not wait.
   */
  readonly lingerMs?: number;
}

interface Group {
  readonly openedAt: number;
  readonly byTopic: Map<string, Message[]>;
  records: number;
  bytes: number;
  readonly done: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Kafka's linger, by default without a timer: while one send is in flight, what callers publish
 * waits and leaves together in the next one (one produce request per broker for all topics).
 * Concurrent publishers share requests, and record batches, so the consumers' batches, grow
 * with load while a lone publish still leaves at once (or after `lingerMs`). One send at a time also keeps each key's records
 * in publish order. A failed send fails every publish in it; each caller retries its own.
 */
export class SendGatherer {
  private readonly queue: Group[] = [];
  private pumping: Promise<void> | undefined;
  private inFlight: Group | undefined;

  constructor(
    private readonly sendBatch: (batches: TopicRecords[]) => Promise<void>,
    private readonly limits: GatherLimits,
  ) {}

  send(topic: string, records: Message[]): Promise<void> {
    const bytes = records.reduce((n, r) => n + sizeOf(r.key) + sizeOf(r.value), 0);
    const group = this.groupWithRoom(records.length, bytes);
    const list = group.byTopic.get(topic);
    if (list) for (const record of records) list.push(record);
    else group.byTopic.set(topic, [...records]);
    group.records += records.length;
    group.bytes += bytes;
    this.pumping ??= this.pump();
    return group.done;
  }

  /** Resolves once nothing is queued or in flight. */
  async drained(): Promise<void> {
    while (this.pumping) await this.pumping;
  }

  private groupWithRoom(records: number, bytes: number): Group {
    // A group takes more records until it is sent (it may be lingering).
    const tail = this.queue[this.queue.length - 1];
    const last = tail !== this.inFlight ? tail : undefined;
    const fits = last && last.records + records <= this.limits.maxRecords && last.bytes + bytes <= this.limits.maxBytes;
    if (last && fits) return last;
    const group = newGroup();
    this.queue.push(group);
    return group;
  }

  private async pump(): Promise<void> {
    try {
      for (let group = this.queue[0]; group; group = this.queue[0]) {
        const wait = group.openedAt + (this.limits.lingerMs ?? 0) - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        this.inFlight = group;
        try {
          await this.sendBatch([...group.byTopic].map(([topic, records]) => ({ topic, records })));
          group.resolve();
        } catch (error) {
          group.reject(error);
        } finally {
          this.inFlight = undefined;
          this.queue.shift();
        }
      }
    } finally {
      this.pumping = undefined;
    }
  }
}

function newGroup(): Group {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const done = new Promise<void>((ok, fail) => ((resolve = ok), (reject = fail)));
  return { openedAt: performance.now(), byTopic: new Map(), records: 0, bytes: 0, done, resolve, reject };
}

function sizeOf(part: Buffer | string | null | undefined): number {
  if (part === null || part === undefined) return 0;
  return typeof part === 'string' ? Buffer.byteLength(part) : part.length;
}
