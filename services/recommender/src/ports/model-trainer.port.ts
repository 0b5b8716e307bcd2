import type { TrainedModel } from '../domain/recommend-service.js';
import type { TrainingData } from './training-data.port.js';

/** Trains the full model on the data (in a worker thread in production, so serving never waits). */
export interface ModelTrainer {
  train(data: TrainingData): Promise<TrainedModel>;
  close(): Promise<void>;
}
