import { PII_PLACEHOLDER_PATTERN } from '../mask/mask-pii.js';
import { TermTrie } from '../match/term-trie.js';
import { normalizeText } from '../normalize/normalize-text.js';
import { foldForMatching } from '../normalize/width.js';
import { findPrices } from './price.js';
import { findQuantities } from './quantity.js';
import type { Entity, EntityDictionary, EntityKind } from './types.js';

export interface EntityExtractor {
  /** Entities sorted by start offset; offsets index into `text` as given. */
  extract(text: string): Entity[];
  /** Learns more dictionary terms in place; returns how many entries were new. */
  addTerms(dictionary: Partial<EntityDictionary>): number;
}

interface DictionaryEntry {
  kind: Extract<EntityKind, 'brand' | 'category' | 'attribute'>;
  canonical: string;
  attribute?: string;
}

/**
 * Dictionary entities (brand, category, attribute value) by leftmost-longest match over a
 * trie of normalised terms — case-insensitive for Latin, full-width and traditional spellings
 * folded — plus price and quantity expressions. Numeric entities never overlap each other;
 * a dictionary entity may share its span with one ("500ml" as capacity and as quantity).
 * Text is expected to be normalised already (normalizeText); only case and width are folded
 * here, so offsets stay exact.
 */
export function createEntityExtractor(dictionary: EntityDictionary): EntityExtractor {
  const trie = new TermTrie<DictionaryEntry>();
  const seen = new Set<string>();
  addToTrie(trie, seen, dictionary);
  return {
    addTerms: (more) => addToTrie(trie, seen, more),
    extract(text: string): Entity[] {
      if (typeof text !== 'string' || text.length === 0) return [];
      const folded = foldForMatching(text).replace(PII_PLACEHOLDER_PATTERN, (p) => ' '.repeat(p.length));
      const entities: Entity[] = [];
      for (const match of trie.findAll(folded)) {
        const value = text.slice(match.start, match.end);
        for (const entry of match.values) {
          entities.push({
            kind: entry.kind,
            value,
            normalized: entry.canonical,
            start: match.start,
            end: match.end,
            ...(entry.attribute !== undefined && { attribute: entry.attribute }),
          });
        }
      }
      for (const entity of pickNonOverlapping([...findPrices(folded), ...findQuantities(folded)])) {
        entities.push({ ...entity, value: text.slice(entity.start, entity.end) });
      }
      return entities.sort((a, b) => a.start - b.start || b.end - a.end);
    },
  };
}

/** Adds the dictionary's terms that `seen` does not hold yet; returns how many trie entries were added. */
function addToTrie(trie: TermTrie<DictionaryEntry>, seen: Set<string>, dictionary: Partial<EntityDictionary>): number {
  let added = 0;
  const add = (term: string, entry: DictionaryEntry): void => {
    const keys = new Set([foldForMatching(term.trim()), normalizeText(term, { maxLength: 200 }).text]);
    for (const key of keys) {
      const id = `${key}\u0000${entry.kind}\u0000${entry.attribute ?? ''}`;
      if (key.length === 0 || seen.has(id)) continue;
      seen.add(id);
      trie.add(key, entry);
      added++;
    }
  };
  for (const brand of dictionary.brands ?? []) add(brand, { kind: 'brand', canonical: brand });
  for (const category of dictionary.categories ?? []) add(category, { kind: 'category', canonical: category });
  for (const [attribute, values] of Object.entries(dictionary.attributeValues ?? {})) {
    for (const value of values) add(value, { kind: 'attribute', canonical: value, attribute });
  }
  return added;
}

/** Longest first, then earliest, then prices before quantities; overlaps are dropped. */
function pickNonOverlapping(candidates: Entity[]): Entity[] {
  candidates.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start || (a.kind === 'price' ? -1 : 1));
  const picked: Entity[] = [];
  for (const candidate of candidates) {
    if (picked.every((p) => candidate.end <= p.start || candidate.start >= p.end)) picked.push(candidate);
  }
  return picked;
}
