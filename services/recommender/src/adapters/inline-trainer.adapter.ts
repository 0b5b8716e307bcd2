import { listsFromNow, type RankedListSettings, trainServingModel } from '../domain/train-model.js';
import type { TrainedModel } from '../domain/recommend-service.js';
import type { ModelTrainer } from '../ports/model-trainer.port.js';
import type { TrainingData } from '../ports/training-data.port.js';

/** Trains on the calling thread (tests; RECOMMENDER_TRAIN_IN_WORKER=false). Blocks serving while it runs. */
export class InlineTrainer implements ModelTrainer {
  constructor(private readonly lists?: RankedListSettings) {}

  async train(data: TrainingData): Promise<TrainedModel> {
    return trainServingModel(data, listsFromNow(this.lists));
  }

  async close(): Promise<void> {}
}
