import { invalidArgument } from './ml.error.js';
import { SeededRandom } from './random.js';

/**
 * The spread of an accuracy whose errors come in groups (a phrasing template, a user): the standard
 * deviation of the share of hits over `draws` resamples that draw, within each stratum, as many of its
 * groups as it has, with replacement, each bringing all its rows. Give `strata` (one per row) when the
 * sample was drawn per stratum (say label × language): only the draw within each stratum varies then.
 * With one row a group it is the ordinary bootstrap; when whole groups are right or wrong together it is as
 * wide as the group count, not the row count, allows.
 */
export function clusterBootstrapSpread(
  hits: readonly boolean[],
  groups: readonly string[],
  options: { draws?: number; seed?: number; strata?: readonly string[] } = {},
): { groups: number; accuracy: number; standardDeviation: number } {
  const strata = options.strata ?? groups.map(() => '');
  if (hits.length !== groups.length || strata.length !== groups.length)
    throw invalidArgument(`${hits.length} hits but ${groups.length} groups and ${strata.length} strata`);
  if (hits.length === 0) throw invalidArgument('a spread needs at least one row');
  const tally = new Map<string, { stratum: string; hits: number; rows: number }>();
  hits.forEach((hit, i) => {
    const row = tally.get(groups[i]!) ?? { stratum: strata[i]!, hits: 0, rows: 0 };
    if (row.stratum !== strata[i]) throw invalidArgument(`group ${groups[i]} spans two strata`);
    row.hits += hit ? 1 : 0;
    row.rows += 1;
    tally.set(groups[i]!, row);
  });
  const byStratum = new Map<string, { hits: number; rows: number }[]>();
  for (const group of tally.values()) {
    const inStratum = byStratum.get(group.stratum);
    if (inStratum) inStratum.push(group);
    else byStratum.set(group.stratum, [group]);
  }
  const random = new SeededRandom(options.seed ?? 1);
  const draws = options.draws ?? 2000;
  let [sum, sumOfSquares] = [0, 0];
  for (let d = 0; d < draws; d++) {
    let [right, rows] = [0, 0];
    for (const counts of byStratum.values())
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
    groups: tally.size,
    accuracy: hits.filter(Boolean).length / hits.length,
    standardDeviation: Math.sqrt(Math.max(0, sumOfSquares / draws - mean * mean)),
  };
}
