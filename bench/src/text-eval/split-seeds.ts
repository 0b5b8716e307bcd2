/** The shop's training / validation / holdout split seeds a DEV tool runs over, from `1,2,3`. */
export function splitSeeds(list: string): number[] {
  return list.split(',').map((seed) => {
    if (!/^\d+$/.test(seed))
      throw new Error(`SPLIT_SEEDS must be integers separated by commas, not ${seed || 'nothing'}`);
    return Number(seed);
  });
}
