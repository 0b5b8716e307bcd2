import type { TasteSpace } from '../catalog/build-catalog.js';
import type { Random } from '../random/random.js';
import { normalize, type Vector } from '../random/vectors.js';
import { CATEGORIES } from '../vocab/categories.js';
import { PERSONAS, type PersonaName, type PersonaSpec } from './personas.js';

export type EventSource = 'app' | 'web' | 'mini_program';

/** What the shop knows about a user: only the id. */
export interface ShopUser {
  userId: string;
}

/** What only the truth knows about a user. */
export interface UserTruth {
  userId: string;
  persona: PersonaName;
  /** Unit vector in the hidden taste space. */
  latent: number[];
  /** Mean sessions per day. */
  activity: number;
  priceSensitivity: number;
  /** Chinese brand names the user favours. */
  favouriteBrands: string[];
  englishShare: number;
  preferredSource: EventSource;
}

export interface SimUser {
  index: number;
  user: ShopUser;
  truth: UserTruth;
  persona: PersonaSpec;
  latent: Vector;
  favouriteBrands: ReadonlySet<string>;
}

const SOURCES: readonly EventSource[] = ['app', 'web', 'mini_program'];
const SOURCE_WEIGHTS = [0.55, 0.3, 0.15];

function tasteOf(persona: PersonaSpec, space: TasteSpace, random: Random): Vector {
  const latent = new Float64Array(space.dims);
  for (const top of CATEGORIES) {
    const weight = (persona.affinity[top.key] ?? 0.3) * random.logNormal(0, 0.5);
    const centroid = space.topCentroids.get(top.key)!;
    for (let d = 0; d < space.dims; d++) latent[d] = latent[d]! + weight * centroid[d]!;
  }
  const scale = Math.sqrt(latent.reduce((s, x) => s + x * x, 0)) || 1;
  for (let d = 0; d < space.dims; d++) latent[d] = latent[d]! / scale + 0.35 * random.normal();
  if (persona.tierLean) {
    const lean = space.tierDirections[persona.tierLean];
    for (let d = 0; d < space.dims; d++) latent[d] = latent[d]! + 0.3 * lean[d]!;
  }
  return normalize(latent);
}

function favouriteBrandsOf(persona: PersonaSpec, random: Random): string[] {
  const count = persona.brandLoyalty >= 1 ? 2 : persona.brandLoyalty > 0 && random.chance(0.5) ? 1 : 0;
  const liked = CATEGORIES.filter((c) => (persona.affinity[c.key] ?? 0) >= 1);
  const pool = (liked.length > 0 ? liked : CATEGORIES).flatMap((c) => c.brands.map((b) => b.name[0]));
  return random.sample(pool, count);
}

export function buildUsers(random: Random, count: number, space: TasteSpace): SimUser[] {
  const users: SimUser[] = [];
  for (let i = 0; i < count; i++) {
    const persona = random.weightedPick(PERSONAS, (p) => p.share);
    const userId = `u-${String(i + 1).padStart(6, '0')}`;
    const latent = tasteOf(persona, space, random);
    const favourites = favouriteBrandsOf(persona, random);
    const truth: UserTruth = {
      userId,
      persona: persona.name,
      latent: Array.from(latent),
      activity: persona.sessionsPerDay * random.logNormal(-0.18, 0.6),
      priceSensitivity: Math.max(0, persona.priceSensitivity * (1 + 0.25 * random.normal())),
      favouriteBrands: favourites,
      englishShare: Math.min(0.9, persona.englishShare * random.logNormal(0, 0.5)),
      preferredSource: SOURCES[random.weightedIndex(SOURCE_WEIGHTS)]!,
    };
    users.push({ index: i, user: { userId }, truth, persona, latent, favouriteBrands: new Set(favourites) });
  }
  return users;
}
