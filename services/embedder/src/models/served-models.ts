import { EmbedderError } from '../domain/embedder-error.js';
import type { HeadTask } from '../domain/head-artifact.js';
import { headProblems, type TextHead, type TextHeads } from '../domain/text-heads.js';
import type { Champions } from '../training/bootstrap-models.js';
import type { LoadedEncoder } from './loaded-encoder.js';

export const TASKS: readonly HeadTask[] = ['sentiment', 'intent'];

/** A head as the model store returns it: loaded, and its model.json (scored later against challengers). */
export interface StoredHead {
  head: TextHead;
  artifact: string;
}

/**
 * What is in service: the encoder and the heads that fit it. Every change keeps them fitting each
 * other (a head is checked against the encoder's width; an encoder switches with its heads in one step).
 */
export class ServedModels {
  private loaded: LoadedEncoder | undefined;
  private readonly current: Partial<Record<HeadTask, StoredHead>> = {};
  /** Why the models in service were trained on a seed, when they were. */
  coldReason = '';

  get encoder(): LoadedEncoder | undefined {
    return this.loaded;
  }

  isReady(): boolean {
    return this.loaded !== undefined && TASKS.every((task) => this.current[task] !== undefined);
  }

  /** The first encoder (nothing was serving): its heads follow with setHead. */
  setEncoder(loaded: LoadedEncoder): void {
    this.loaded = loaded;
  }

  head(task: HeadTask): TextHead | undefined {
    return this.current[task]?.head;
  }

  heads(): TextHeads | undefined {
    const [sentiment, intent] = [this.head('sentiment'), this.head('intent')];
    return sentiment && intent ? { sentiment, intent } : undefined;
  }

  setHead(task: HeadTask, stored: StoredHead): void {
    if (this.loaded) assertHeadsFit([stored], this.loaded);
    this.current[task] = stored;
  }

  /** The heads in service as champions a retrained challenger is scored beside. */
  champions(): Champions {
    return Object.fromEntries(
      TASKS.map((task) => [
        task,
        { version: this.current[task]?.head.version ?? '', artifact: this.current[task]?.artifact ?? '' },
      ]),
    );
  }

  /** Switches encoder and heads (given in TASKS order) in one step; returns the encoder that served before. */
  switchEncoder(next: LoadedEncoder, heads: readonly StoredHead[]): LoadedEncoder | undefined {
    assertHeadsFit(heads, next);
    const previous = this.loaded;
    this.loaded = next;
    heads.forEach((stored, i) => (this.current[TASKS[i] as HeadTask] = stored));
    this.coldReason = '';
    return previous;
  }

  /** Which versions serve and whether they are cold (`loading` until encoder and heads are there). */
  detail(loading: string): string {
    const encoder = this.loaded?.handle;
    if (!encoder || !this.isReady()) return loading;
    const heads = TASKS.map((task) => this.head(task) as TextHead);
    const versions = [encoder.version, ...heads.map((head) => head.version)].join(', ');
    const cold = [...(encoder.cold ? [encoder.version] : []), ...heads.filter((h) => h.cold).map((h) => h.version)];
    if (cold.length === 0) return `serving ${versions}, trained on the shop's own data`;
    const reason =
      this.coldReason || (encoder.cold ? `the encoder was trained on ${this.loaded?.location.trainedOn}` : '');
    const why = reason ? ` (${reason})` : '';
    return `cold: ${cold.join(', ')} not trained on the shop's own data${why}; serving ${versions}`;
  }
}

/** Throws when a head does not fit the encoder (checked before an encoder is prepared, and when it switches). */
export function assertHeadsFit(heads: readonly StoredHead[], encoder: LoadedEncoder): void {
  for (const { head } of heads) {
    const problems = headProblems(head, encoder.handle.dimensions);
    if (problems.length > 0) {
      throw new EmbedderError(
        'FAILED_PRECONDITION',
        `${head.version} does not fit the encoder: ${problems.join('; ')}`,
      );
    }
  }
}
