import { Worker } from 'node:worker_threads';
import type { ApiKeyStore } from '@demand/api-keys/authorizer';
import type { GrpcCallTelemetry } from '@demand/grpc-server';
import { EventLoopSlices } from '@demand/event-loop-slices';
import { type AnswerSource, AnswerSync } from './answer-sync.js';
import { packAnswers } from './answer-update.js';
import { recordCalls } from './record-calls.js';
import { keyAnswerFrom } from './relayed-keys.js';
import type { FromReadWorker, ReadWorkerSettings, ToReadWorker } from './read-worker-protocol.js';

export interface ReadServerDeps {
  answers: AnswerSource;
  /** The main port's key store, through which the worker reads keys; required when `settings.auth` is set. */
  keys?: ApiKeyStore;
  /** The service's gRPC metrics and logger: the worker's calls are counted, timed and traced in them. */
  telemetry: GrpcCallTelemetry;
}

export interface ReadServerOptions {
  settings: Omit<ReadWorkerSettings, 'reportEveryMs'> & { reportEveryMs?: number };
  /** First wait before a worker that stopped unasked is started again; doubles up to 30 s while it keeps failing. */
  restartDelayMs?: number;
  /** How often a new segmentation or a silently emptied cache is looked for (`AnswerSync.looksStale`). */
  watchEveryMs?: number;
  /**
   * A worker that applies none of the messages posted to it for this long is replaced (a forget must not wait on it
   * for ever); a long sync in many messages may take longer in all while each message is applied in time.
   */
  applyTimeoutMs?: number;
  /** Answers posted in one message at most (default 10,000: a full sync of a large population goes in several). */
  answersAMessage?: number;
  /** The worker's script (default `read-server.worker.js`; tests start stand-ins). */
  workerUrl?: URL;
}

const MAX_RESTART_DELAY_MS = 30_000;
/** How long past its shutdown grace a closing worker may take to say it closed before it is ended anyway. */
const CLOSE_MARGIN_MS = 1000;

function withinMs<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`waited ${ms} ms for ${what}`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/**
 * GetUserProfile served by a worker thread on a port of its own (`read-server.worker.ts`), from the answers this
 * (main) thread posts: every answer before the port opens, then what changed whenever `syncAnswers` is called (after
 * each refresh, before its notice goes out, and after each forget, before it is acknowledged) or a new segmentation
 * is seen. A worker that stops unasked is logged and started again (with every answer); until it listens again
 * `serving` is false (the service's readiness).
 */
export class ReadServer {
  private worker: Worker | undefined;
  /** The worker `sync` last posted to (a new worker starts empty). */
  private syncedWorker: Worker | undefined;
  private listening = false;
  private boundPort: number | undefined;
  private readonly sync = new AnswerSync();
  private readonly slices = new EventLoopSlices();
  private syncing: Promise<void> = Promise.resolve();
  private readonly applied = new Map<number, () => void>();
  private seq = 0;
  private pendingSyncs = 0;
  private started = false;
  private closing = false;
  private failures = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private watchTimer: NodeJS.Timeout | undefined;
  private closed: (() => void) | undefined;

  constructor(
    private readonly deps: ReadServerDeps,
    private readonly options: ReadServerOptions,
  ) {
    if (options.settings.auth && !deps.keys) throw new Error('the read server checks API keys: it needs the key store');
  }

  get serving(): boolean {
    return this.listening;
  }

  get port(): number {
    if (this.boundPort === undefined) throw new Error('the read server has not listened yet');
    return this.boundPort;
  }

  /** Resolves once the worker listens with every answer in; a worker that cannot listen fails the start. */
  async start(): Promise<void> {
    await this.spawn();
    this.started = true;
    this.watchTimer = setInterval(() => {
      // A sync pending finds what the watch would (and a forget's removals may not be posted yet).
      if (this.worker && this.pendingSyncs === 0 && this.sync.looksStale(this.deps.answers)) void this.syncAnswers();
    }, this.options.watchEveryMs ?? 1000);
    this.watchTimer.unref();
  }

  /**
   * Posts the answers changed since the last sync and the users no longer held, and resolves once the worker has
   * them (or is gone: nothing it held is served then). Syncs run one at a time, in the order asked.
   */
  syncAnswers(): Promise<void> {
    return this.inTurn((worker) => this.postChanges(worker));
  }

  /**
   * Users just dropped from the answers' cache: their answers removed from the worker, without a sync's scan of
   * every user (in turn with the syncs); resolves once the worker has dropped them (or is gone).
   */
  forgetAnswers(ids: readonly string[]): Promise<void> {
    return this.inTurn(async (worker) => {
      // A new worker not synced yet: its first sync posts only what the cache still holds.
      if (this.syncedWorker !== worker) return this.postChanges(worker);
      const removed = this.sync.forget(ids);
      if (removed.length > 0) await this.post(worker, [], removed);
    });
  }

  /** Runs `work` for the current worker after the syncs asked before; a worker it fails on is replaced. */
  private inTurn(work: (worker: Worker) => Promise<void>): Promise<void> {
    this.pendingSyncs++;
    const next = this.syncing
      .then(async () => {
        const worker = this.worker;
        if (!worker) return;
        try {
          await work(worker);
        } catch (error) {
          // The worker may now hold an answer this thread no longer does: replaced (the new one gets all of them).
          this.deps.telemetry.logger.error(
            { err: error },
            'read server answers could not be posted; replacing its worker',
          );
          this.syncedWorker = undefined;
          await worker.terminate();
        }
      })
      .finally(() => this.pendingSyncs--);
    this.syncing = next;
    return next;
  }

  /**
   * The worker's calls in flight get the shutdown grace time; then it ends (ended at once, logged, if it has not
   * said it closed within the grace time and a margin: a hung worker must not hold up the service's shutdown).
   */
  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.watchTimer);
    clearTimeout(this.restartTimer);
    const worker = this.worker;
    if (!worker) return;
    await this.syncing;
    const closed = new Promise<void>((resolve) => {
      this.closed = resolve;
      worker.once('exit', () => resolve());
    });
    worker.postMessage({ type: 'close' } satisfies ToReadWorker);
    const waitMs = this.options.settings.shutdownGraceMs + CLOSE_MARGIN_MS;
    await withinMs(closed, waitMs, 'the read server worker to close').catch((error: unknown) =>
      this.deps.telemetry.logger.error({ err: error }, 'read server worker did not close; ending it'),
    );
    this.listening = false;
    await worker.terminate();
  }

  private async spawn(): Promise<void> {
    const { settings } = this.options;
    const workerData: ReadWorkerSettings = {
      reportEveryMs: 250,
      ...settings,
      port: this.boundPort ?? settings.port,
    };
    const worker = new Worker(this.options.workerUrl ?? new URL('./read-server.worker.js', import.meta.url), {
      workerData,
    });
    this.worker = worker;
    const listening = new Promise<number>((resolve, reject) => {
      worker.on('message', (message: FromReadWorker) => {
        if (message.type === 'listening') resolve(message.port);
        else this.received(worker, message);
      });
      worker.once('exit', (code) => reject(new Error(`the read server's worker stopped (exit code ${code})`)));
    });
    // Awaited below; a worker lost before that must not count as an unhandled rejection meanwhile.
    listening.catch(() => undefined);
    worker.on('error', (error) => this.deps.telemetry.logger.error({ err: error }, 'read server worker failed'));
    worker.on('exit', (code) => this.exited(worker, code));
    await this.syncAnswers();
    worker.postMessage({ type: 'listen' } satisfies ToReadWorker);
    this.boundPort = await listening;
    this.listening = true;
    this.failures = 0;
    this.deps.telemetry.logger.info({ port: this.boundPort }, 'read gRPC server listening (GetUserProfile)');
  }

  private async postChanges(worker: Worker): Promise<void> {
    if (this.syncedWorker !== worker) {
      this.sync.reset();
      this.syncedWorker = worker;
    }
    const { changed, removed } = await this.slices.run(this.sync.changes(this.deps.answers));
    // Replaced while the changes were gathered: the next sync posts everything to the new one.
    if (this.worker !== worker) return;
    if (changed.length + removed.length === 0) return;
    await this.post(worker, changed, removed);
  }

  private async post(worker: Worker, changed: [string, Buffer][], removed: string[]): Promise<void> {
    const posted: Promise<void>[] = [];
    const most = this.options.answersAMessage ?? 10_000;
    for (let from = 0; from === 0 || from < changed.length; from += most) {
      const update = packAnswers(changed.slice(from, from + most), from === 0 ? removed : []);
      const seq = ++this.seq;
      posted.push(new Promise<void>((resolve) => this.applied.set(seq, resolve)));
      worker.postMessage({ type: 'answers', seq, update } satisfies ToReadWorker, [update.bytes]);
    }
    // The worker applies them in order: each within the time of the one before.
    for (const applied of posted) {
      await withinMs(applied, this.options.applyTimeoutMs ?? 10_000, 'the worker to apply the next answers');
    }
  }

  private received(worker: Worker, message: FromReadWorker): void {
    switch (message.type) {
      case 'applied':
        this.applied.get(message.seq)?.();
        this.applied.delete(message.seq);
        return;
      case 'calls':
        return recordCalls(message.report, this.deps.telemetry);
      case 'find-key': {
        const { seq, id } = message;
        void keyAnswerFrom(this.deps.keys!, id).then((answer) =>
          worker.postMessage({ type: 'key', seq, answer } satisfies ToReadWorker),
        );
        return;
      }
      case 'closed':
        return this.closed?.();
      case 'listening':
        return;
    }
  }

  private exited(worker: Worker, code: number): void {
    if (worker !== this.worker) return;
    this.worker = undefined;
    this.listening = false;
    // Nothing the worker held is served any more: a sync waiting for it is done.
    for (const done of this.applied.values()) done();
    this.applied.clear();
    if (this.closing || !this.started) return;
    const delay = Math.min((this.options.restartDelayMs ?? 1000) * 2 ** this.failures, MAX_RESTART_DELAY_MS);
    this.failures++;
    this.deps.telemetry.logger.error({ exitCode: code, restartInMs: delay }, 'read server worker stopped; restarting');
    this.restartTimer = setTimeout(() => {
      this.spawn().catch((error: unknown) =>
        this.deps.telemetry.logger.error({ err: error }, 'read server worker could not start again'),
      );
    }, delay);
    this.restartTimer.unref();
  }
}

/** Forgets users' profiles, then their answers in the read server's worker (when it runs). */
export function forgettingServedAnswers(
  profiles: { forgetUsers(ids: readonly string[]): Promise<number> },
  readServer: ReadServer | null,
): { forgetUsers(ids: readonly string[]): Promise<number> } {
  if (!readServer) return profiles;
  return {
    async forgetUsers(ids) {
      const forgotten = await profiles.forgetUsers(ids);
      await readServer.forgetAnswers(ids);
      return forgotten;
    },
  };
}
