// Worker thread of WorkerTrainer: trains one model on the data it is sent and sends it back packed.
import { parentPort } from 'node:worker_threads';
import { packRecommenders, transferablesOf } from '@demand/recommend';
import { type RankedListOptions, trainServingModel } from '../domain/train-model.js';
import { type TrainingDataMessage, trainingDataOf } from './training-data-message.js';

type Request = { data: TrainingDataMessage; lists?: RankedListOptions & { now: number } };

parentPort!.on('message', ({ data, lists }: Request) => {
  try {
    const { model, metrics } = trainServingModel(trainingDataOf(data), lists);
    if (model.kind !== 'trained') throw new Error('trainServingModel returned a cold model');
    const packed = packRecommenders([model.learned, model.fusion]);
    // The model's arrays move to the serving thread instead of being copied: this thread is done with them.
    parentPort!.postMessage({ packed, versions: model.versions, metrics }, transferablesOf(packed));
  } catch (error) {
    parentPort!.postMessage({ error: (error as Error).stack ?? String(error) });
  }
});
