import { Worker } from 'node:worker_threads';
import { type PackedRecommenders, packRecommenders, type RecommendRequest } from '@demand/recommend';
import type { Logger } from '@demand/telemetry';
import type { AnswerEnvelope, EncodedAnswer } from '../domain/encoded-answer.js';
import {
  addTallies,
  answerHere,
  emptyTally,
  type ListEngine,
  type ListTally,
  type TrainedServingModel,
  type Variant,
} from '../ports/list-engine.port.js';
import type { ToServingThread } from './serving-worker.js';

/** One call sent to a serving thread. */
export interface Ask {
  call: number;
  id: number;
  variant: Variant;
  request: RecommendRequest;
  envelope: AnswerEnvelope;
}

/** A serving thread's outcome of one call; `missing` when it no longer holds the model. */
export type Answered =
  | { call: number; outcome: 'answered'; answer: EncodedAnswer }
  | { call: number; outcome: 'missing' }
  | { call: number; outcome: 'failed'; error: string };

type FromServingThread =
  | { type: 'serving'; ids: number[] }
  | { type: 'answers'; answers: Answered[]; tally: ListTally }
  | { type: 'tally'; tally: ListTally };

interface Thread {
  worker: Worker;
  /** Models this thread holds (by id), as it last said. */
  loaded: Set<number>;
  inFlight: number;
  /** The thread's stored-list counts, as it last sent them. */
  tally: ListTally;
  /** Calls waiting for this turn of the event loop to end, sent together in one message. */
  queued: Ask[];
}

interface Pending {
  thread: Thread;
  resolve(answer: EncodedAnswer): void;
  reject(error: Error): void;
  /** Computes the answer here when the thread no longer holds the model. */
  inline(): EncodedAnswer;
}

/**
 * Lists computed and answers encoded on `count` serving threads, each holding its own copy of the
 * serving models, so the gRPC thread only decodes, validates, forwards the answer's bytes and logs.
 * The calls of one turn of the event loop go to a thread in one message, and come back a batch a
 * message (posting a message costs the gRPC thread more than copying a batch of them). A model is copied to every thread
 * when it starts serving and dropped there when it stops; until a thread has it, that thread
 * gets no calls on it, and until one has it the list is computed on the calling thread (as it is
 * when a thread no longer has the model a call was sent with). Each call goes to the least busy thread
 * holding the model. A thread that fails is taken out of the pool and its calls fail with it.
 */
export class ServingThreads implements ListEngine {
  private readonly threads: Thread[] = [];
  /** The models serving now, by the id the threads know them by. */
  private serving = new Map<TrainedServingModel, number>();
  private readonly pending = new Map<number, Pending>();
  private nextModel = 1;
  private nextCall = 1;
  private closing = false;
  private answered = 0;
  /** Counts of the lists computed here (until the threads hold a model), and of threads no longer serving. */
  private readonly counted = emptyTally();
  private lostTallies: ListTally[] = [];
  private sendScheduled = false;

  constructor(
    count: number,
    private readonly logger: Logger,
    workerUrl: URL = new URL('./serving-worker.js', import.meta.url),
  ) {
    for (let n = 0; n < count; n++) this.start(workerUrl, n);
  }

  /** Threads serving now (fewer than started after a failure). */
  get size(): number {
    return this.threads.length;
  }

  /** Threads holding the model now. */
  holding(model: TrainedServingModel): number {
    const id = this.serving.get(model);
    return id === undefined ? 0 : this.threads.filter((t) => t.loaded.has(id)).length;
  }

  ready(model: TrainedServingModel): boolean {
    return this.holding(model) === this.threads.length;
  }

  /** Lists the threads have computed so far. */
  get threadAnswers(): number {
    return this.answered;
  }

  /** What the stored lists did here and on every thread, those lost included. */
  tally(): ListTally {
    return addTallies([this.counted, ...this.lostTallies, ...this.threads.map((t) => t.tally)]);
  }

  /** Each thread refreshes its own copies (the gRPC thread's copies only serve until the threads hold a model). */
  refreshLists(now: number, budget: number): void {
    const message: ToServingThread = { type: 'refresh', now, budget };
    for (const thread of this.threads) thread.worker.postMessage(message);
  }

  serve(models: readonly TrainedServingModel[]): void {
    if (this.threads.length === 0) return;
    const load: { id: number; packed: PackedRecommenders }[] = [];
    const serving = new Map<TrainedServingModel, number>();
    for (const model of models) {
      let id = this.serving.get(model);
      if (id === undefined) {
        id = this.nextModel++;
        load.push({ id, packed: packRecommenders([model.learned, model.fusion]) });
      }
      serving.set(model, id);
    }
    this.serving = serving;
    const message: ToServingThread = { type: 'serve', load, keep: [...serving.values()] };
    for (const thread of this.threads) thread.worker.postMessage(message);
  }

  answer(
    model: TrainedServingModel,
    variant: Variant,
    request: RecommendRequest,
    envelope: AnswerEnvelope,
  ): Promise<EncodedAnswer> {
    const id = this.serving.get(model);
    let thread: Thread | undefined;
    if (id !== undefined)
      for (const t of this.threads) if (t.loaded.has(id) && (!thread || t.inFlight < thread.inFlight)) thread = t;
    const inline = () => answerHere(model, variant, request, envelope, this.counted);
    if (!thread || id === undefined) return Promise.resolve(inline());
    const call = this.nextCall++;
    const chosen = thread;
    chosen.inFlight++;
    return new Promise<EncodedAnswer>((resolve, reject) => {
      this.pending.set(call, { thread: chosen, resolve, reject, inline });
      chosen.queued.push({ call, id, variant, request, envelope });
      if (!this.sendScheduled) {
        this.sendScheduled = true;
        setImmediate(() => this.sendQueued());
      }
    });
  }

  private sendQueued(): void {
    this.sendScheduled = false;
    for (const thread of this.threads) {
      if (thread.queued.length === 0) continue;
      const message: ToServingThread = { type: 'answer', asks: thread.queued };
      thread.queued = [];
      thread.worker.postMessage(message);
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
  }

  private start(workerUrl: URL, n: number): void {
    const thread: Thread = {
      worker: new Worker(workerUrl),
      loaded: new Set(),
      inFlight: 0,
      tally: emptyTally(),
      queued: [],
    };
    this.threads.push(thread);
    thread.worker.on('message', (message: FromServingThread) => this.receive(thread, message));
    const lost = (why: string, err?: unknown) => {
      const at = this.threads.indexOf(thread);
      if (at < 0) return;
      this.threads.splice(at, 1);
      this.lostTallies.push(thread.tally);
      if (!this.closing) this.logger.error({ err, thread: n, left: this.threads.length }, `serving thread ${why}`);
      for (const [call, p] of this.pending)
        if (p.thread === thread) {
          this.pending.delete(call);
          p.reject(new Error(`serving thread ${n} ${why}`));
        }
    };
    thread.worker.on('error', (err) => lost('failed', err));
    thread.worker.on('exit', (code) => lost(`exited (code ${code})`));
  }

  private receive(thread: Thread, message: FromServingThread): void {
    if (message.type === 'serving') {
      thread.loaded = new Set(message.ids);
      return;
    }
    thread.tally = message.tally;
    if (message.type === 'tally') return;
    for (const answered of message.answers) {
      const p = this.pending.get(answered.call);
      if (!p) continue;
      this.pending.delete(answered.call);
      thread.inFlight--;
      if (answered.outcome === 'answered') {
        this.answered++;
        p.resolve(answered.answer);
      } else if (answered.outcome === 'failed')
        p.reject(new Error(`list failed on a serving thread: ${answered.error}`));
      else {
        try {
          p.resolve(p.inline());
        } catch (error) {
          p.reject(error as Error);
        }
      }
    }
  }
}
