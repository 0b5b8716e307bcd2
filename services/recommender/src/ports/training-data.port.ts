import type { Interaction, ItemInfo } from '@demand/recommend';

/** What the recommender trains on: the catalog with content vectors, and the behaviour history. */
export interface TrainingData {
  items: ItemInfo[];
  interactions: Interaction[];
  /** The end of the history (epoch ms). */
  now: number;
  /** Describes the data window, for the model version. */
  window: string;
}

export interface TrainingDataSource {
  load(): Promise<TrainingData>;
}
