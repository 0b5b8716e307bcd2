import { invalidArgument } from './ml.error.js';
import { SeededRandom } from './random.js';

/**
 * The spread of an accuracy whose errors come in groups (a phrasing template, a user): the standard
 * deviation of the share of hits over `draws` resamples that draw as many groups as there are, with
 * replacement, each bringing all its rows. With one row a group it is the ordinary bootstrap; when whole
 * groups are right or wrong together it is as wide as the group count, not the row count, allows.
 */
export function clusterBootstrapSpread(
  hits: readonly boolean[],
  groups: readonly string[],
  options: { draws?: number; seed?: number } = {},
): { groups: number; accuracy: number; standardDeviation: number } {
  if (hits.length !== groups.length) throw invalidArgument(`${hits.length} hits but ${groups.length} groups`);
  if (hits.length === 0) throw invalidArgument('a spread needs at least one row');
  const tally = new Map<string, { hits: number; rows: number }>();
  hits.forEach((hit, i) => {
    const row = tally.get(groups[i]!) ?? { hits: 0, rows: 0 };
    row.hits += hit ? 1 : 0;
    row.rows += 1;
    tally.set(groups[i]!, row);
  });
  const counts = [...tally.values()];
  const random = new SeededRandom(options.seed ?? 1);
  const draws = options.draws ?? 2000;
  let [sum, sumOfSquares] = [0, 0];
  for (let d = 0; d < draws; d++) {
    let [right, rows] = [0, 0];
    for (let g = 0; g < counts.length; g++) {
      const group = counts[random.int(counts.length)]!;
      right += group.hits;
      rows += group.rows;
    }
    const share = right / rows;
    sum += share;
    sumOfSquares += share * share;
  }
  const mean = sum / draws;
  return {
    groups: counts.length,
    accuracy: hits.filter(Boolean).length / hits.length,
    standardDeviation: Math.sqrt(Math.max(0, sumOfSquares / draws - mean * mean)),
  };
}
