import type { Interaction, InteractionKind, ItemInfo } from './types.js';

export const KIND_CODE: Record<InteractionKind, number> = {
  view: 0,
  click: 1,
  add_to_cart: 2,
  remove_from_cart: 3,
  purchase: 4,
};
export const VIEW = 0;
export const CLICK = 1;
export const CART = 2;
export const PURCHASE = 4;

const DAY_MS = 86_400_000;
const SESSION_GAP_MS = 30 * 60_000;

export interface DatasetOptions {
  /** Confidence weight per kind (implicit-feedback strength). */
  kindWeights?: Partial<Record<InteractionKind, number>>;
  /** Half-life of an interaction's weight, days. Default 30. */
  halfLifeDays?: number;
}

const DEFAULT_WEIGHTS: Record<InteractionKind, number> = {
  view: 1,
  click: 0.5,
  add_to_cart: 4,
  remove_from_cart: 0,
  purchase: 8,
};

/** Sparse rows: row r holds cols[offsets[r] .. offsets[r+1]) with vals. */
export interface Csr {
  rows: number;
  cols: number;
  offsets: Int32Array;
  indices: Int32Array;
  values: Float32Array;
}

export function transpose(m: Csr): Csr {
  const counts = new Int32Array(m.cols + 1);
  for (let k = 0; k < m.indices.length; k++) counts[m.indices[k]! + 1]!++;
  for (let c = 0; c < m.cols; c++) counts[c + 1] = counts[c + 1]! + counts[c]!;
  const offsets = counts.slice();
  const indices = new Int32Array(m.indices.length);
  const values = new Float32Array(m.indices.length);
  const fill = counts.slice(0, m.cols);
  for (let r = 0; r < m.rows; r++) {
    for (let k = m.offsets[r]!; k < m.offsets[r + 1]!; k++) {
      const at = fill[m.indices[k]!]!++;
      indices[at] = r;
      values[at] = m.values[k]!;
    }
  }
  return { rows: m.cols, cols: m.rows, offsets, indices, values };
}

/**
 * The behaviour history up to `now`, indexed for the models: users' time-ordered events,
 * the user × item confidence matrix (by kind and recency) and its transpose, item metadata.
 */
export class Dataset {
  readonly userIndex = new Map<string, number>();
  readonly users: string[] = [];
  readonly itemIndex = new Map<string, number>();
  /** Per-user events in time order: events of user u are [eventOffsets[u], eventOffsets[u+1]). */
  readonly eventOffsets: Int32Array;
  readonly eventItem: Int32Array;
  readonly eventKind: Uint8Array;
  readonly eventAt: Float64Array;
  /** Session number of each event (unique across users). */
  readonly eventSession: Int32Array;
  readonly userItem: Csr;
  readonly itemUser: Csr;
  /** Interned leaf and top categories per item. */
  readonly leaf: Int32Array;
  readonly top: Int32Array;
  readonly leafNames: string[] = [];
  readonly topNames: string[] = [];
  /** Normalised content vectors, item after item (dims = 0 when none were given). */
  readonly vectors: Float32Array;
  readonly dims: number;
  /** Dominant top category of each user's history (their segment); −1 when none. */
  readonly segment: Int32Array;

  constructor(
    readonly items: readonly ItemInfo[],
    interactions: Iterable<Interaction>,
    readonly now: number,
    options: DatasetOptions = {},
  ) {
    items.forEach((item, i) => this.itemIndex.set(item.id, i));
    const rows: { u: number; i: number; k: number; at: number; s: string | undefined }[] = [];
    for (const e of interactions) {
      const i = this.itemIndex.get(e.item);
      if (i === undefined || e.at >= now) continue;
      let u = this.userIndex.get(e.user);
      if (u === undefined) {
        u = this.users.push(e.user) - 1;
        this.userIndex.set(e.user, u);
      }
      rows.push({ u, i, k: KIND_CODE[e.kind], at: e.at, s: e.session });
    }
    rows.sort((a, b) => a.u - b.u || a.at - b.at);
    const nUsers = this.users.length;
    const n = rows.length;
    this.eventOffsets = new Int32Array(nUsers + 1);
    this.eventItem = new Int32Array(n);
    this.eventKind = new Uint8Array(n);
    this.eventAt = new Float64Array(n);
    this.eventSession = new Int32Array(n);
    let session = -1;
    rows.forEach((r, k) => {
      this.eventOffsets[r.u + 1]!++;
      this.eventItem[k] = r.i;
      this.eventKind[k] = r.k;
      this.eventAt[k] = r.at;
      const prev = k > 0 ? rows[k - 1]! : undefined;
      const same = prev && prev.u === r.u && (r.s !== undefined ? prev.s === r.s : r.at - prev.at < SESSION_GAP_MS);
      if (!same) session++;
      this.eventSession[k] = session;
    });
    for (let u = 0; u < nUsers; u++) this.eventOffsets[u + 1] = this.eventOffsets[u + 1]! + this.eventOffsets[u]!;
    this.userItem = this.confidence(options);
    this.itemUser = transpose(this.userItem);
    this.leaf = new Int32Array(items.length);
    this.top = new Int32Array(items.length);
    const intern = (names: string[], name: string) => {
      const at = names.indexOf(name);
      return at >= 0 ? at : names.push(name) - 1;
    };
    items.forEach((item, i) => {
      this.leaf[i] = intern(this.leafNames, item.category.join('/'));
      this.top[i] = intern(this.topNames, item.category[0] ?? '');
    });
    this.dims = items[0]?.vector?.length ?? 0;
    this.vectors = new Float32Array(items.length * this.dims);
    items.forEach((item, i) => this.setVector(i, item.vector));
    this.segment = this.segments();
  }

  /** Price and stock of every item in typed arrays, built on first use: a request reads them for every candidate. */
  private shelf?: { price: Float64Array; stock: Float64Array };

  get prices(): Float64Array {
    return this.itemShelf().price;
  }

  get stocks(): Float64Array {
    return this.itemShelf().stock;
  }

  private itemShelf(): { price: Float64Array; stock: Float64Array } {
    this.shelf ??= {
      price: Float64Array.from(this.items, (i) => i.price),
      stock: Float64Array.from(this.items, (i) => i.stock),
    };
    return this.shelf;
  }

  /** Each item's title as an id, equal for titles equal but for case and surrounding space; built on first use. */
  private titleIdsOf?: Int32Array;

  get titleIds(): Int32Array {
    if (!this.titleIdsOf) {
      const idOf = new Map<string, number>();
      this.titleIdsOf = Int32Array.from(this.items, ({ title }) => {
        const key = title.trim().toLowerCase();
        if (!idOf.has(key)) idOf.set(key, idOf.size);
        return idOf.get(key)!;
      });
    }
    return this.titleIdsOf;
  }

  get userCount(): number {
    return this.users.length;
  }

  get itemCount(): number {
    return this.items.length;
  }

  /** Writes an item's normalised content vector. */
  setVector(i: number, vector: ArrayLike<number> | undefined): void {
    if (!vector || this.dims === 0) return;
    let norm = 0;
    for (let d = 0; d < this.dims; d++) norm += (vector[d] ?? 0) ** 2;
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let d = 0; d < this.dims; d++) this.vectors[i * this.dims + d] = (vector[d] ?? 0) * scale;
  }

  /** Cosine of two items' content vectors (0 without vectors). */
  cosine(a: number, b: number): number {
    let s = 0;
    for (let d = 0, x = a * this.dims, y = b * this.dims; d < this.dims; d++)
      s += this.vectors[x + d]! * this.vectors[y + d]!;
    return s;
  }

  /** Items the user bought before `now`. */
  purchased(u: number): Set<number> {
    const out = new Set<number>();
    if (u < 0) return out;
    for (let k = this.eventOffsets[u]!; k < this.eventOffsets[u + 1]!; k++)
      if (this.eventKind[k] === PURCHASE) out.add(this.eventItem[k]!);
    return out;
  }

  /** The user's last `n` distinct items engaged with, newest first, with the strongest kind seen. */
  recentItems(u: number, n: number): { item: number; kind: number; at: number }[] {
    const out: { item: number; kind: number; at: number }[] = [];
    if (u < 0) return out;
    const seen = new Map<number, { item: number; kind: number; at: number }>();
    for (let k = this.eventOffsets[u + 1]! - 1; k >= this.eventOffsets[u]!; k--) {
      const item = this.eventItem[k]!;
      const kind = this.eventKind[k]!;
      if (kind === 3) continue;
      const had = seen.get(item);
      if (had) {
        had.kind = Math.max(had.kind, kind);
        continue;
      }
      if (out.length >= n) continue;
      const entry = { item, kind, at: this.eventAt[k]! };
      seen.set(item, entry);
      out.push(entry);
    }
    return out;
  }

  private confidence(options: DatasetOptions): Csr {
    const weights = { ...DEFAULT_WEIGHTS, ...options.kindWeights };
    const byCode = Object.entries(KIND_CODE).map(([, code]) => code);
    const w = new Float32Array(byCode.length);
    for (const [kind, code] of Object.entries(KIND_CODE)) w[code] = weights[kind as InteractionKind];
    const lambda = Math.LN2 / ((options.halfLifeDays ?? 30) * DAY_MS);
    const offsets = new Int32Array(this.users.length + 1);
    const indices: number[] = [];
    const values: number[] = [];
    const acc = new Map<number, number>();
    for (let u = 0; u < this.users.length; u++) {
      acc.clear();
      for (let k = this.eventOffsets[u]!; k < this.eventOffsets[u + 1]!; k++) {
        const weight = w[this.eventKind[k]!]! * Math.exp(-lambda * (this.now - this.eventAt[k]!));
        if (weight > 0) acc.set(this.eventItem[k]!, (acc.get(this.eventItem[k]!) ?? 0) + weight);
      }
      for (const [i, v] of [...acc.entries()].sort((a, b) => a[0] - b[0])) {
        indices.push(i);
        values.push(v);
      }
      offsets[u + 1] = indices.length;
    }
    return {
      rows: this.users.length,
      cols: this.items.length,
      offsets,
      indices: Int32Array.from(indices),
      values: Float32Array.from(values),
    };
  }

  private segments(): Int32Array {
    const out = new Int32Array(this.users.length).fill(-1);
    const counts = new Float64Array(this.topNames.length);
    for (let u = 0; u < this.users.length; u++) {
      counts.fill(0);
      for (let k = this.userItem.offsets[u]!; k < this.userItem.offsets[u + 1]!; k++)
        counts[this.top[this.userItem.indices[k]!]!]! += this.userItem.values[k]!;
      let best = -1;
      for (let t = 0; t < counts.length; t++) if (counts[t]! > 0 && (best < 0 || counts[t]! > counts[best]!)) best = t;
      out[u] = best;
    }
    return out;
  }
}
