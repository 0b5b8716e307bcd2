import { emptyListUse, FULL_PATH_REASONS, type RecommendRequest as ListRequest, type ListUse } from '@demand/recommend';
import { type AnswerEnvelope, type EncodedAnswer, encodeAnswer } from '../domain/encoded-answer.js';
import type { ServingModel } from '../domain/recommend-service.js';

export type TrainedServingModel = Extract<ServingModel, { kind: 'trained' }>;
export type Variant = 'learned' | 'fusion';

/**
 * What the stored lists did where lists are computed, per arm variant, since the engine started:
 * requests answered from a list, known users' requests scored in full (and apart by why), lists
 * scored again off the request path.
 */
export type ListTally = Record<Variant, ListUse & { refreshed: number }>;

export function emptyTally(): ListTally {
  return { learned: { ...emptyListUse(), refreshed: 0 }, fusion: { ...emptyListUse(), refreshed: 0 } };
}

/** The tallies added up. */
export function addTallies(tallies: Iterable<ListTally>): ListTally {
  const sum = emptyTally();
  for (const tally of tallies)
    for (const variant of ['learned', 'fusion'] as const) {
      for (const key of ['served', 'refreshed'] as const) sum[variant][key] += tally[variant][key];
      for (const reason of FULL_PATH_REASONS) sum[variant].scoredFor[reason] += tally[variant].scoredFor[reason];
    }
  return sum;
}

/**
 * Computes one request's list on a trained model and encodes the answer there: on the serving
 * thread, or on serving threads beside it.
 */
export interface ListEngine {
  /**
   * The trained models serving from now on (the champion, and a challenger when one is set): the
   * engine may copy new ones to where lists are computed and let go of the others.
   */
  serve(models: readonly TrainedServingModel[]): void;
  /** Whether every place lists are computed holds the model (a load has arrived everywhere). */
  ready(model: TrainedServingModel): boolean;
  answer(
    model: TrainedServingModel,
    variant: Variant,
    request: ListRequest,
    envelope: AnswerEnvelope,
  ): Promise<EncodedAnswer>;
  /**
   * Scores again up to `budget` users' stored lists of each serving model's arms where they are
   * kept (those past half their age limit at `now`), off the request path.
   */
  refreshLists(now: number, budget: number): void;
  /** What the stored lists did so far, everywhere this engine computes lists. */
  tally(): ListTally;
  close(): Promise<void>;
}

/** Refreshes the stored lists of both arms of each model, counted in `tally`; how many users were scored. */
export function refreshHere(
  models: Iterable<Pick<TrainedServingModel, Variant>>,
  now: number,
  budget: number,
  tally: ListTally,
): number {
  let users = 0;
  for (const model of models)
    for (const variant of ['learned', 'fusion'] as const) {
      const scored = model[variant].refreshLists(now, budget);
      tally[variant].refreshed += scored;
      users += scored;
    }
  return users;
}

/** The answer of one request on a model, computed and encoded here; the lists' part counted in `tally`. */
export function answerHere(
  model: Pick<TrainedServingModel, Variant>,
  variant: Variant,
  request: ListRequest,
  envelope: AnswerEnvelope,
  tally?: ListTally,
): EncodedAnswer {
  return encodeAnswer(model[variant].recommend(request, tally?.[variant]), model.learned.data.items, envelope);
}

/** Lists computed on the serving thread itself. */
export class InlineListEngine implements ListEngine {
  private models: readonly TrainedServingModel[] = [];
  private readonly counted = emptyTally();

  serve(models: readonly TrainedServingModel[]): void {
    this.models = models;
  }

  refreshLists(now: number, budget: number): void {
    refreshHere(this.models, now, budget, this.counted);
  }

  tally(): ListTally {
    return addTallies([this.counted]);
  }

  ready(): boolean {
    return true;
  }

  async answer(
    model: TrainedServingModel,
    variant: Variant,
    request: ListRequest,
    envelope: AnswerEnvelope,
  ): Promise<EncodedAnswer> {
    return answerHere(model, variant, request, envelope, this.counted);
  }

  async close(): Promise<void> {}
}
