import type { ApiKeyRecord, ApiKeyStore } from '@demand/api-keys/authorizer';

/** Keys (and unknown ids) copied at most this many; past it the copies start again (ids made up by a caller). */
const MAX_COPIES = 10_000;

/**
 * The worker's API keys: read through the main thread's key store (file or ClickHouse, already open there, so the
 * worker loads neither), each copy kept for the store's refresh time as the stores keep theirs. A call whose
 * key's copy is fresh does not wait for the main thread.
 */
export class RelayedKeys implements ApiKeyStore {
  private readonly copies = new Map<string, { record: ApiKeyRecord | undefined; until: number }>();
  private readonly asked = new Map<number, { resolve(record?: ApiKeyRecord): void; reject(error: Error): void }>();
  private seq = 0;

  constructor(
    private readonly ask: (seq: number, id: string) => void,
    private readonly refreshMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  async find(id: string): Promise<ApiKeyRecord | undefined> {
    const copy = this.copies.get(id);
    if (copy && copy.until > this.now()) return copy.record;
    const seq = ++this.seq;
    const record = await new Promise<ApiKeyRecord | undefined>((resolve, reject) => {
      this.asked.set(seq, { resolve, reject });
      this.ask(seq, id);
    });
    if (this.copies.size >= MAX_COPIES) this.copies.clear();
    this.copies.set(id, { record, until: this.now() + this.refreshMs });
    return record;
  }

  /** The main thread's answer to ask `seq`. */
  answered(seq: number, record: ApiKeyRecord | undefined, error: string | undefined): void {
    const waiting = this.asked.get(seq);
    this.asked.delete(seq);
    if (error !== undefined) waiting?.reject(new Error(error));
    else waiting?.resolve(record);
  }

  list(): Promise<ApiKeyRecord[]> {
    return Promise.reject(new Error('the read server only checks keys'));
  }

  add(): Promise<void> {
    return this.list().then(() => undefined);
  }

  revoke(): Promise<boolean> {
    return this.list().then(() => false);
  }
}
