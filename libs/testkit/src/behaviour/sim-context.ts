import type { SimItem } from '../catalog/catalog-types.js';
import type { Random } from '../random/random.js';
import type { IdFactory } from '../stream/ids.js';
import type { PlannedEvent } from '../stream/planned-event.js';
import type { ItemChooser } from './item-chooser.js';
import type { SearchIndex } from './search.js';

/** Everything a simulated actor needs: the catalog, its random stream, ids, and where events go. */
export interface SimContext {
  items: readonly SimItem[];
  chooser: ItemChooser;
  search: SearchIndex;
  random: Random;
  ids: IdFactory;
  push(record: Omit<PlannedEvent, 'order'>): void;
}

export const SECOND = 1_000;
export const MINUTE = 60_000;
export const HOUR = 3_600_000;

export function roundPrice(value: number): number {
  return Math.round(value * 100) / 100;
}
