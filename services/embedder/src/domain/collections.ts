import { TextKind } from '@demand/contracts';
import type { CollectionSpec, PayloadIndexSpec, VectorStore } from '@demand/vector-store';

/** The kinds of text the embedder keeps, one vector collection each. */
export type IndexedKind = 'item' | 'review' | 'query' | 'dialog';

export const INDEXED_KINDS: readonly IndexedKind[] = ['item', 'review', 'query', 'dialog'];

const BASE_NAMES: Record<IndexedKind, string> = {
  item: 'items',
  review: 'reviews',
  query: 'queries',
  dialog: 'dialogs',
};

const keyword = (field: string): PayloadIndexSpec => ({ field, type: 'keyword' });
const COMMON = [keyword('language'), keyword('item_id'), keyword('user_id')];
const PAYLOAD_INDEXES: Record<IndexedKind, PayloadIndexSpec[]> = {
  item: [...COMMON, keyword('category_path'), keyword('brand'), { field: 'price', type: 'float' }],
  review: [
    ...COMMON,
    keyword('category_path'),
    keyword('brand'),
    { field: 'price', type: 'float' },
    { field: 'rating', type: 'integer' },
    keyword('sentiment'),
  ],
  query: COMMON,
  dialog: [...COMMON, keyword('conversation_id'), keyword('intent'), keyword('role')],
};

/**
 * Collection of a kind for one encoder, e.g. "items_1a2b3c4d": vectors of different encoders
 * never mix, and a new encoder starts clean collections.
 */
export function collectionName(kind: IndexedKind, encoderTag: string): string {
  return `${BASE_NAMES[kind]}_${encoderTag}`;
}

export function collectionSpec(kind: IndexedKind, dimensions: number): CollectionSpec {
  return { dimensions, distance: 'cosine', payloadIndexes: PAYLOAD_INDEXES[kind] };
}

const FROM_TEXT_KIND = new Map<TextKind, IndexedKind>([
  [TextKind.TEXT_KIND_ITEM, 'item'],
  [TextKind.TEXT_KIND_REVIEW, 'review'],
  [TextKind.TEXT_KIND_QUERY, 'query'],
  [TextKind.TEXT_KIND_DIALOG_TURN, 'dialog'],
]);
const TO_TEXT_KIND = new Map([...FROM_TEXT_KIND].map(([textKind, kind]) => [kind, textKind]));

export function indexedKindOf(kind: TextKind): IndexedKind | undefined {
  return FROM_TEXT_KIND.get(kind);
}

export function textKindOf(kind: IndexedKind): TextKind {
  return TO_TEXT_KIND.get(kind) as TextKind;
}

/** Creates the four collections of an encoder once (idempotent in the store as well). */
export class Collections {
  private readonly ensured = new Map<string, Promise<void>>();

  constructor(private readonly store: VectorStore) {}

  ensure(encoderTag: string, dimensions: number): Promise<void> {
    const key = `${encoderTag}/${dimensions}`;
    let pending = this.ensured.get(key);
    if (!pending) {
      pending = (async () => {
        for (const kind of INDEXED_KINDS)
          await this.store.ensureCollection(collectionName(kind, encoderTag), collectionSpec(kind, dimensions));
      })();
      pending.catch(() => this.ensured.delete(key));
      this.ensured.set(key, pending);
    }
    return pending;
  }
}
