/** One A/B arm: a name, its share of users, and the variant of the pipeline it serves. */
export interface Arm {
  name: string;
  weight: number;
  variant: ArmVariant;
}

/** "learned": the chosen ranker; "fusion": unlearnt rank fusion of the same candidates. */
export type ArmVariant = 'learned' | 'fusion';

/** Parses "control:learned:90,fusion:fusion:10" (name:variant:weight); throws naming the problem. */
export function parseArms(spec: string): Arm[] {
  const arms = spec.split(',').map((part) => {
    const [name, variant, weight] = part.trim().split(':');
    if (!name || (variant !== 'learned' && variant !== 'fusion') || !(Number(weight) > 0))
      throw new RangeError(`bad arm "${part}": expected name:learned|fusion:weight with weight > 0`);
    return { name, variant, weight: Number(weight) } as Arm;
  });
  if (new Set(arms.map((a) => a.name)).size !== arms.length) throw new RangeError('arm names must be unique');
  return arms;
}

/** Where a key falls in [0, 1): a deterministic FNV-1a hash, the same on every replica. */
export function shareOf(key: string): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return (h >>> 0) / 4294967296;
}

/** The user's arm: a deterministic hash of salt and user id into the arms' weights. */
export function armOf(arms: readonly Arm[], userId: string, salt: string): Arm {
  const total = arms.reduce((s, a) => s + a.weight, 0);
  let point = shareOf(`${salt}:${userId}`) * total;
  for (const arm of arms) {
    if (point < arm.weight) return arm;
    point -= arm.weight;
  }
  return arms.at(-1)!;
}
