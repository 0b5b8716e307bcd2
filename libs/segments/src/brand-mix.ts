import { invalidArgument } from './errors.js';
import { Pca, type PcaJSON } from './pca.js';
import type { UserProfile } from './user-profile.js';

/**
 * Which brands a user shops, as a few numbers: each brand's share weighted by how rare the brand is among
 * users (tf-idf: ln(1 + 100 × share) × ln((1 + n) / (1 + users with the brand))), the vector unit length,
 * reduced by PCA. A brand most users touch says little; two users who share niche brands are alike.
 */
export interface BrandMixJSON {
  brands: string[];
  /** ln((1 + n) / (1 + users with the brand)), in `brands` order. */
  idf: number[];
  pca: PcaJSON;
}

/** A share of 1 % weighs ln 2, a share of 100 % ln 101: a brand's presence counts more than its size. */
const SHARE_SCALE = 100;

export class BrandMix {
  private readonly index: Map<string, number>;
  private readonly pca: Pca;
  private readonly scratch: Float64Array;

  private constructor(readonly json: BrandMixJSON) {
    this.index = new Map(json.brands.map((b, i) => [b, i]));
    this.pca = Pca.fromJSON(json.pca);
    this.scratch = new Float64Array(json.brands.length);
  }

  get dims(): number {
    return this.pca.dims;
  }

  /** The profile's brand mix components, written into `row` from `offset`. */
  writeComponents(profile: UserProfile, row: { [index: number]: number }, offset: number): void {
    this.writeVector(profile, this.scratch);
    this.pca.writeTransform(this.scratch, row, offset);
  }

  /** The profile's tf-idf brand vector (unit length; zero without any of the model's brands), in `brands` order. */
  vector(profile: UserProfile): Float64Array {
    const out = new Float64Array(this.json.brands.length);
    this.writeVector(profile, out);
    return out;
  }

  private writeVector(profile: UserProfile, out: Float64Array): void {
    out.fill(0);
    let norm = 0;
    for (const [brand, share] of Object.entries(profile.brands)) {
      const j = this.index.get(brand);
      if (j === undefined || !(share > 0)) continue;
      out[j] = Math.log1p(SHARE_SCALE * share) * this.json.idf[j]!;
      norm += out[j]! * out[j]!;
    }
    if (norm > 0) for (let j = 0; j < out.length; j++) out[j] = out[j]! / Math.sqrt(norm);
  }

  toJSON(): BrandMixJSON {
    return this.json;
  }

  static fromJSON(json: BrandMixJSON): BrandMix {
    if (
      !Array.isArray(json?.brands) ||
      json.idf?.length !== json.brands.length ||
      json.pca?.mean?.length !== json.brands.length
    )
      throw invalidArgument('not a brand mix (one idf and one PCA mean per brand)');
    return new BrandMix(json);
  }

  /**
   * Fitted on a population's profiles: the `maxBrands` brands held by most users (at least `minUsers` each),
   * `dims` principal axes of their tf-idf vectors. Undefined when fewer than two brands qualify.
   */
  static fit(
    profiles: readonly UserProfile[],
    dims: number,
    seed: number,
    maxBrands = 64,
    minUsers = 5,
  ): BrandMix | undefined {
    if (!(Number.isInteger(dims) && dims >= 0))
      throw invalidArgument(`brand mix dims must be an integer ≥ 0 (got ${dims})`);
    const held = new Map<string, number>();
    for (const p of profiles)
      for (const [b, s] of Object.entries(p.brands)) if (s > 0) held.set(b, (held.get(b) ?? 0) + 1);
    const brands = [...held.entries()]
      .filter(([, users]) => users >= minUsers)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, maxBrands)
      .map(([b]) => b);
    if (brands.length < 2 || dims < 1) return undefined;
    const n = profiles.length;
    const idf = brands.map((b) => Math.log((1 + n) / (1 + held.get(b)!)));
    const pca: PcaJSON = { mean: brands.map(() => 0), components: [], variances: [] };
    const draft = new BrandMix({ brands, idf, pca });
    const vectors = profiles.map((p) => draft.vector(p));
    return new BrandMix({ brands, idf, pca: Pca.fit(vectors, Math.min(dims, brands.length), seed).toJSON() });
  }
}
