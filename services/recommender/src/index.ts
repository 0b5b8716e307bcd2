export { RecommenderModule } from './recommender.module.js';
export { loadRecommenderConfig, type RecommenderConfig } from './config.js';
export { startRecommender } from './start-recommender.js';
export { RecommendService } from './domain/recommend-service.js';
export { ClickHouseTrainingData } from './adapters/clickhouse-training-data.adapter.js';
export { RecentHistory, recentEventOf } from './domain/recent-history.js';
export { trainServingModel } from './domain/train-model.js';
export { parseArms } from './domain/arms.js';
export { BatchedServedLists, ServedListsToAll } from './adapters/batched-served-lists.js';
