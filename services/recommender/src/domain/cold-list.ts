import {
  type FilterableCatalog,
  type Filters,
  filterableCatalog,
  type Interaction,
  type ItemInfo,
  passesFilters,
  type Recommended,
} from '@demand/recommend';

const WEIGHT: Record<Interaction['kind'], number> = {
  view: 1,
  click: 0.5,
  add_to_cart: 4,
  remove_from_cart: 0,
  purchase: 8,
};

/**
 * What is served until the shop's history is enough to train on: the catalog ranked by what
 * shoppers did with each item (purchases weigh most), then the items nobody has touched yet
 * (new arrivals). Every list from it is a cold-start list.
 */
export class ColdList {
  private readonly index: Map<string, number>;
  private readonly catalog: FilterableCatalog;

  private constructor(
    readonly items: readonly ItemInfo[],
    /** Item indices, best first. */
    private readonly order: readonly number[],
    private readonly scores: readonly number[],
  ) {
    this.index = new Map(items.map((item, i) => [item.id, i]));
    this.catalog = filterableCatalog(items);
  }

  static build(items: readonly ItemInfo[], interactions: readonly Interaction[]): ColdList {
    const index = new Map(items.map((item, i) => [item.id, i]));
    const scores = new Array<number>(items.length).fill(0);
    for (const e of interactions) {
      const i = index.get(e.item);
      if (i !== undefined) scores[i] = scores[i]! + WEIGHT[e.kind];
    }
    const order = items.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
    return new ColdList(items, order, scores);
  }

  has(itemId: string): boolean {
    return this.index.has(itemId);
  }

  /** The best `count` items that pass stock and filters, leaving out `exclude`. */
  top(count: number, filters: Filters, exclude: ReadonlySet<string> = new Set()): Recommended[] {
    const out: Recommended[] = [];
    for (const i of this.order) {
      if (out.length >= count) break;
      const item = this.items[i]!;
      if (exclude.has(item.id) || !passesFilters(this.catalog, i, filters)) continue;
      const popular = this.scores[i]! > 0;
      out.push({
        item: i,
        id: item.id,
        score: this.scores[i]!,
        reasons: [
          popular
            ? { source: 'popular', text: 'popular in the shop' }
            : { source: 'new_arrivals', text: 'new arrival' },
        ],
      });
    }
    return out;
  }

  /** Items like one item before any model: the same leaf category first, then the same top category. */
  similar(itemId: string, count: number, filters: Filters): Recommended[] {
    const anchor = this.items[this.index.get(itemId)!]!;
    const leaf = anchor.category.join('/');
    const sameLeaf = this.top(this.items.length, filters, new Set([itemId])).filter(
      (r) => this.items[r.item]!.category.join('/') === leaf,
    );
    const sameTop = this.top(this.items.length, filters, new Set([itemId, ...sameLeaf.map((r) => r.id)])).filter(
      (r) => this.items[r.item]!.category[0] === anchor.category[0],
    );
    return [...sameLeaf, ...sameTop].slice(0, count).map((r) => ({
      ...r,
      reasons: [{ source: 'content', text: 'in the same category', anchor: this.index.get(itemId)! }],
    }));
  }
}
