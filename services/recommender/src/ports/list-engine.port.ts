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
  close(): Promise<void>;
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
  serve(): void {}

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
