import { createHash } from 'node:crypto';
import { modelText } from '@demand/embedder/training';
import type { UnseenSet } from './unseen-scores.js';

export type Half = 'dev' | 'test';

interface Grouped {
  group: string;
  language: string;
}

/**
 * The unseen set's DEV and TEST halves, split by each text's group (test-e2e/src/unseen-texts.ts:
 * a query's leaf and slot word, a turn's base phrase, a review's first clause template), so the
 * words a phrasing brings stay in one half. The catalog is shared: it is what queries search.
 */
export function splitUnseen(unseen: UnseenSet): Record<Half, UnseenSet> {
  const reviews = halvesOf(unseen.reviews, labelAndLanguage);
  const turns = halvesOf(unseen.turns, labelAndLanguage);
  const queries = halvesOf(unseen.queries, (t) => `${t.leaf} ${t.language}`);
  const half = (name: Half): UnseenSet => ({
    reviews: reviews[name],
    turns: turns[name],
    queries: queries[name],
    items: unseen.items,
  });
  return { dev: half('dev'), test: half('test') };
}

/** The stratum a review or turn is split in: its label in its language. */
export function labelAndLanguage(text: { label: string; language: string }): string {
  return `${text.label} ${text.language}`;
}

/**
 * Texts split by group, fixed by the keys alone: within each stratum (a label or leaf in one
 * language; a group never spans two) the groups are ordered by the sha256 of modelText(key) and
 * dealt in pairs, the first to DEV and the second to TEST; an odd one out goes by its hash's last
 * bit. So each half holds about half of every stratum's phrasings, and no phrasing is in both.
 */
export function halvesOf<T extends Grouped>(texts: readonly T[], stratum: (text: T) => string): Record<Half, T[]> {
  const groupsOf = new Map<string, Set<string>>();
  for (const text of texts) {
    const key = stratum(text);
    if (!groupsOf.has(key)) groupsOf.set(key, new Set());
    groupsOf.get(key)?.add(text.group);
  }
  const halfOf = new Map<string, Half>();
  for (const groups of groupsOf.values()) {
    const ordered = [...groups].map((group) => [hashOf(group), group] as const).sort(([a], [b]) => a.compare(b));
    ordered.forEach(([hash, group], i) => {
      const lastOdd = i === ordered.length - 1 && i % 2 === 0;
      const odd = lastOdd ? ((hash[hash.length - 1] as number) & 1) === 1 : i % 2 === 1;
      halfOf.set(group, odd ? 'test' : 'dev');
    });
  }
  return {
    dev: texts.filter((t) => halfOf.get(t.group) === 'dev'),
    test: texts.filter((t) => halfOf.get(t.group) === 'test'),
  };
}

function hashOf(group: string): Buffer {
  return createHash('sha256').update(modelText(group), 'utf8').digest();
}
