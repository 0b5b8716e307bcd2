import type { ApiKeyRecord, ApiKeyStore } from '@demand/api-keys/authorizer';

/** The main thread's answer to a worker's ask: the key, or why the store could not read it. */
export type KeyAnswer = { record?: ApiKeyRecord; ageMs: number } | { error: string };

/** The main thread side: the key from its store, with its copy's age when the store tells it (else taken as fresh). */
export async function keyAnswerFrom(store: ApiKeyStore, id: string): Promise<KeyAnswer> {
  try {
    const { record, ageMs } = store.findCopy ? await store.findCopy(id) : { record: await store.find(id), ageMs: 0 };
    return record ? { record, ageMs } : { ageMs };
  } catch (error) {
    return { error: String(error) };
  }
}

/** Keys (and unknown ids) copied at most this many; past it the copies start again (ids made up by a caller). */
const MAX_COPIES = 10_000;

/**
 * The worker's API keys: read through the main thread's key store (file or ClickHouse, already open there, so the
 * worker loads neither), each copy kept until the main thread's own copy expires (the store's refresh time less
 * that copy's age), so a revoke reaches this port when it reaches the main one. A call whose key's copy is fresh
 * does not wait for the main thread.
 */
export class RelayedKeys implements ApiKeyStore {
  private readonly copies = new Map<string, { record: ApiKeyRecord | undefined; until: number }>();
  private readonly asked = new Map<number, (answer: KeyAnswer) => void>();
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
    const answer = await new Promise<KeyAnswer>((resolve) => {
      this.asked.set(seq, resolve);
      this.ask(seq, id);
    });
    if ('error' in answer) throw new Error(answer.error);
    if (this.copies.size >= MAX_COPIES) this.copies.clear();
    this.copies.set(id, { record: answer.record, until: this.now() + this.refreshMs - answer.ageMs });
    return answer.record;
  }

  /** The main thread's answer to ask `seq`. */
  answered(seq: number, answer: KeyAnswer): void {
    const waiting = this.asked.get(seq);
    this.asked.delete(seq);
    waiting?.(answer);
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
