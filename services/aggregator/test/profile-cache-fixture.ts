import { segmentUsers } from '@demand/segments';
import { ProfileCache } from '../src/domain/profiles.js';

export const NOW = Date.parse('2026-12-01T12:00:00Z');

/** 30 users (u0…u29) with three days of views each, segmented in two. */
export function profiles(): ProfileCache {
  const cache = new ProfileCache();
  const events = Array.from({ length: 30 }, (_, u) =>
    [0, 1, 2].map((d) => ({
      userId: `u${u}`,
      kind: 'view' as const,
      itemId: u % 2 ? 'a' : 'b',
      at: NOW - d * 86_400_000,
    })),
  ).flat();
  cache.apply({ items: [{ itemId: 'a', categoryPath: ['x'], brand: 'A', price: 10 }], events }, NOW);
  const { model, assignments } = segmentUsers({ profiles: cache.allUserProfiles(), options: { k: 2, seed: 3 } });
  cache.installSegmentation({ version: 1, fittedAt: NOW, model, assignments });
  return cache;
}
