import type { RecommendRequest as ListRequest } from '@demand/recommend';
import { type AnswerEnvelope, type EncodedAnswer, encodeAnswer } from '../domain/encoded-answer.js';
import type { ServingModel } from '../domain/recommend-service.js';

export type TrainedServingModel = Extract<ServingModel, { kind: 'trained' }>;
export type Variant = 'learned' | 'fusion';

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
  close(): Promise<void>;
}

/** Refreshes the stored lists of both arms of each model; how many users were scored. */
export function refreshHere(models: Iterable<Pick<TrainedServingModel, Variant>>, now: number, budget: number): number {
  let users = 0;
  for (const model of models) users += model.learned.refreshLists(now, budget) + model.fusion.refreshLists(now, budget);
  return users;
}

/** The answer of one request on a model, computed and encoded here. */
export function answerHere(
  model: Pick<TrainedServingModel, Variant>,
  variant: Variant,
  request: ListRequest,
  envelope: AnswerEnvelope,
): EncodedAnswer {
  return encodeAnswer(model[variant].recommend(request), model.learned.data.items, envelope);
}

/** Lists computed on the serving thread itself. */
export class InlineListEngine implements ListEngine {
  private models: readonly TrainedServingModel[] = [];

  serve(models: readonly TrainedServingModel[]): void {
    this.models = models;
  }

  refreshLists(now: number, budget: number): void {
    refreshHere(this.models, now, budget);
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
    return answerHere(model, variant, request, envelope);
  }

  async close(): Promise<void> {}
}
