import type { Interaction, ItemInfo, ServedList } from '@demand/recommend';

/** What the recommender trains on: the catalog with content vectors, and the behaviour history. */
export interface TrainingData {
  items: ItemInfo[];
  interactions: Interaction[];
  /** The end of the history (epoch ms). */
  now: number;
  /** Describes the data window, for the model version. */
  window: string;
  /** The lists the recommender served in the window (its recommender_served_lists table), when it has any. */
  served?: ServedList[];
}

export interface TrainingDataSource {
  load(): Promise<TrainingData>;
}
