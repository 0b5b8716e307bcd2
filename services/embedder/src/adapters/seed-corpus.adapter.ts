import { readFile } from 'node:fs/promises';
import type { TrainingCorpus } from '../training/corpus.js';
import { genericSeedCorpus } from '../training/generic-seed.js';

/**
 * The corpus of a first start without enough shop data: an operator's seed file (JSON with
 * `items`, `reviews`, `queries`, `dialogTurns` as in TrainingCorpus) or the built-in generic seed.
 */
export async function loadSeedCorpus(file: string | undefined): Promise<TrainingCorpus> {
  if (file === undefined) return genericSeedCorpus();
  const json = JSON.parse(await readFile(file, 'utf8')) as Partial<TrainingCorpus>;
  const list = <T>(value: T[] | undefined, field: string): T[] => {
    if (!Array.isArray(value)) throw new Error(`seed corpus ${file}: ${field} must be an array`);
    return value;
  };
  return {
    items: list(json.items, 'items'),
    reviews: list(json.reviews, 'reviews'),
    queries: list(json.queries, 'queries'),
    dialogTurns: list(json.dialogTurns, 'dialogTurns'),
    source: { kind: 'seed-file', path: file },
    window: { start: '', end: '' },
  };
}
