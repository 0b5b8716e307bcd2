import { deserialize, serialize } from 'node:v8';
import type { Rfm, UserProfile } from '@demand/segments';

/**
 * User profiles held as one serialized Buffer a user instead of each profile's nested objects, arrays
 * and per-category records (a full GC traces every one of those). A profile is rebuilt exactly
 * (`node:v8` serialization keeps key order, -0, NaN, Infinity and undefined) when read: by an answer
 * built after a refresh, a segmentation's fit or prediction. The RFM figures and `asOf`, which every
 * rescore reads for the whole population, are kept beside it as a numeric row.
 */
export class StoredUserProfiles {
  private readonly serialized = new Map<string, Buffer>();
  /** recencyDays, frequency, monetary, asOf. */
  private readonly rows = new Map<string, Float64Array>();

  get size(): number {
    return this.serialized.size;
  }

  has(userId: string): boolean {
    return this.serialized.has(userId);
  }

  set(profile: UserProfile): void {
    const { rfm } = profile;
    this.serialized.set(profile.userId, serialize(profile));
    this.rows.set(profile.userId, Float64Array.of(rfm.recencyDays, rfm.frequency, rfm.monetary, profile.asOf));
  }

  get(userId: string): UserProfile | undefined {
    const bytes = this.serialized.get(userId);
    return bytes && (deserialize(bytes) as UserProfile);
  }

  delete(userId: string): boolean {
    this.rows.delete(userId);
    return this.serialized.delete(userId);
  }

  ids(): IterableIterator<string> {
    return this.serialized.keys();
  }

  /** Every profile, rebuilt. */
  *profiles(): IterableIterator<UserProfile> {
    for (const bytes of this.serialized.values()) yield deserialize(bytes) as UserProfile;
  }

  rfm(userId: string): Rfm {
    const row = this.rows.get(userId)!;
    return { recencyDays: row[0]!, frequency: row[1]!, monetary: row[2]! };
  }

  asOf(userId: string): number {
    return this.rows.get(userId)![3]!;
  }
}
