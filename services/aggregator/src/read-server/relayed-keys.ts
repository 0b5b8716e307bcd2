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

/** Copies kept at most, the oldest dropped first: of keys, and of ids no key has (made up by callers). */
const MAX_KEYS = 10_000;
const MAX_MISSES = 1_000;

type Copy = { record: ApiKeyRecord | undefined; until: number };

/**
 * The worker's API keys: read through the main thread's key store (file or ClickHouse, already open there, so the
 * worker loads neither), each copy kept until the main thread's own copy expires (the store's refresh time less
 * that copy's age), so a revoke reaches this port when it reaches the main one. A call whose key's copy is fresh
 * does not wait for the main thread; one whose copy has less than half the refresh time left asks for a new one
 * without waiting for it (as `ClickHouseApiKeyStore` reads ahead), so under steady traffic calls rarely wait. One
 * ask per key at a time. Unknown ids are copied apart from keys, so ids made up by callers cannot push keys out.
 */
export class RelayedKeys implements ApiKeyStore {
  private readonly keys = new Map<string, Copy>();
  private readonly misses = new Map<string, Copy>();
  private readonly asking = new Map<string, Promise<ApiKeyRecord | undefined>>();
  private readonly asked = new Map<number, (answer: KeyAnswer) => void>();
  private seq = 0;

  constructor(
    private readonly ask: (seq: number, id: string) => void,
    private readonly refreshMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  async find(id: string): Promise<ApiKeyRecord | undefined> {
    const copy = this.keys.get(id) ?? this.misses.get(id);
    const now = this.now();
    if (!copy || copy.until <= now) return this.askFor(id);
    // A failed ask ahead leaves the copy to expire; the call after that waits for an ask and gets its error.
    if (copy.until - now <= this.refreshMs / 2) this.askFor(id).catch(() => undefined);
    return copy.record;
  }

  private askFor(id: string): Promise<ApiKeyRecord | undefined> {
    const pending = this.asking.get(id);
    if (pending) return pending;
    const seq = ++this.seq;
    const answered = new Promise<KeyAnswer>((resolve) => {
      this.asked.set(seq, resolve);
      this.ask(seq, id);
    });
    const found = answered
      .then((answer) => {
        if ('error' in answer) throw new Error(answer.error);
        this.keep(id, { record: answer.record, until: this.now() + this.refreshMs - answer.ageMs });
        return answer.record;
      })
      .finally(() => this.asking.delete(id));
    this.asking.set(id, found);
    return found;
  }

  private keep(id: string, copy: Copy): void {
    this.keys.delete(id);
    this.misses.delete(id);
    const [copies, most] = copy.record ? [this.keys, MAX_KEYS] : [this.misses, MAX_MISSES];
    copies.set(id, copy);
    if (copies.size > most) copies.delete(copies.keys().next().value!);
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
