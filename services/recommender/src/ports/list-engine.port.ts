import type { RecommendRequest as ListRequest, RecommendResult } from '@demand/recommend';
import type { ServingModel } from '../domain/recommend-service.js';

export type TrainedServingModel = Extract<ServingModel, { kind: 'trained' }>;
export type Variant = 'learned' | 'fusion';

/** Computes one request's list on a trained model: on the serving thread, or on serving threads beside it. */
export interface ListEngine {
  /**
   * The trained models serving from now on (the champion, and a challenger when one is set): the
   * engine may copy new ones to where lists are computed and let go of the others.
   */
  serve(models: readonly TrainedServingModel[]): void;
  /** Whether every place lists are computed holds the model (a load has arrived everywhere). */
  ready(model: TrainedServingModel): boolean;
  recommend(model: TrainedServingModel, variant: Variant, request: ListRequest): Promise<RecommendResult>;
  close(): Promise<void>;
}

/** Lists computed on the serving thread itself. */
export class InlineListEngine implements ListEngine {
  serve(): void {}

  ready(): boolean {
    return true;
  }

  async recommend(model: TrainedServingModel, variant: Variant, request: ListRequest): Promise<RecommendResult> {
    return model[variant].recommend(request);
  }

  async close(): Promise<void> {}
}
