import { HybridRecommender, RankFusion, trainHybrid } from '@demand/recommend';
import type { TrainingData } from '../ports/training-data.port.js';
import type { ServingModel } from './recommend-service.js';

/** Trains every source and the ranker on the data; the fusion arm shares the sources. */
export function trainServingModel(data: TrainingData): ServingModel {
  const { recommender, report } = trainHybrid(data.items, data.interactions, data.now);
  const fusion = new HybridRecommender(
    recommender.data,
    recommender.sources,
    new RankFusion(),
    recommender.perSource,
    recommender.coldRanker,
  );
  return {
    learned: recommender,
    fusion,
    versions: {
      data: data.window,
      als: `implicit_als-k${recommender.sources.als.model.k}@${data.window}`,
      ranker: `${report.ranker.chosen.name}@${data.window}`,
      cold_ranker: `${report.coldRanker.chosen.name}@${data.window}`,
    },
  };
}
