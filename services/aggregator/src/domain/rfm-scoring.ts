import { type Rfm, RfmPopulation, type RfmScores, type UserProfile } from '@demand/segments';

/**
 * The RFM quintile scores of the profiled users, kept up to date by the users that changed rather than by a
 * pass over everyone: every user's values as of the last rescore sit sorted per axis in an `RfmPopulation`,
 * and a score is read off its cut points (the same as `rfmScores` over all profiles; a profile changed since
 * the last rescore is scored by its new values against the last cut points).
 */
export class RfmScoring {
  private population = new RfmPopulation();
  /** Users changed since the last rescore, each with the values it has in `population` (none: not in it). */
  private changed = new Map<string, Rfm | undefined>();

  /** Notes, before a user's profile changes or goes, the values it has now (`held`: its profile's, if any). */
  changing(userId: string, held: Rfm | undefined): void {
    if (!this.changed.has(userId)) this.changed.set(userId, held);
  }

  scoreOf(rfm: Rfm): RfmScores {
    return this.population.scoreOf(rfm);
  }

  /** `scoreOf` as one number (see `RfmPopulation.packedScoreOf`), without an object. */
  packedScoreOf(rfm: Rfm): number {
    return this.population.packedScoreOf(rfm);
  }

  /**
   * Takes the changed users' values out and their current ones (from `users`) in, then the new cut points, a
   * changed user a step. Scores answer by the previous cut points until the last step. When most users changed
   * (a full refresh) the population is built anew from `users` in bulk (`RfmPopulation.build`, an axis a step).
   */
  *rescore(users: ReadonlyMap<string, UserProfile>): Generator<void, void> {
    const changed = this.changed;
    this.changed = new Map();
    let population = this.population;
    if (changed.size > population.size / 2) {
      population = yield* RfmPopulation.build(rfmOfEach(users.values()), users.size);
    } else {
      for (const [id, before] of changed) {
        yield;
        if (before) population.delete(before);
        const profile = users.get(id);
        if (profile) population.add(profile.rfm);
      }
    }
    population.updateCutPoints();
    this.population = population;
  }
}

function* rfmOfEach(profiles: Iterable<UserProfile>): Generator<Rfm, void> {
  for (const profile of profiles) yield profile.rfm;
}
