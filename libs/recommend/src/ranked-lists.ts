import { addDue, type DueUsers, dueUsers, removeDue, takeDue } from './due-users.js';
import type { Reason, SourceName } from './types.js';
import type { UserTopLists } from './user-lists.js';

/** One ranked item of a user's pool, with its reasons strongest first. */
export interface RankedItem {
  item: number;
  score: number;
  reasons: readonly Reason[];
}

/**
 * Why a known user's request without page item or session was scored in full: no list stored for
 * the user, a list older than its age limit (or scored after the request's time), one scored before
 * the user's newest live event, or one whose items passing the request's filters fall short of its
 * diversity window.
 */
export const FULL_PATH_REASONS = ['no_list', 'too_old', 'newer_events', 'short_for_filters'] as const;
export type FullPathReason = (typeof FULL_PATH_REASONS)[number];

/**
 * What the stored lists did for the requests a caller counts: answered from a list (`served`), or a
 * known user's request without page item scored in full, by why (`scoredFor`).
 */
export interface ListUse {
  served: number;
  scoredFor: Record<FullPathReason, number>;
}

/** Nothing counted yet. */
export function emptyListUse(): ListUse {
  return { served: 0, scoredFor: Object.fromEntries(FULL_PATH_REASONS.map((r) => [r, 0])) as ListUse['scoredFor'] };
}

/** Known users' requests without page item scored in full, whatever the reason. */
export function scoredTotal(use: Pick<ListUse, 'scoredFor'>): number {
  let total = 0;
  for (const reason of FULL_PATH_REASONS) total += use.scoredFor[reason];
  return total;
}

/**
 * Every known user's ranked pool as the full path scores it for a request without page item or
 * filters (Gorse's offline lists): serving filters, diversifies and words reasons over it. A list
 * belongs to one trained model and ranker (it is a field of that recommender), scored at one
 * time; a list older than `maxAgeMs` is not served from, and is replaced by the next full score
 * of that user. A list read while fresh is due to be scored again off the request path once past
 * half its age (Gorse refreshes its active users' lists): `due` hands those out, soonest first;
 * a list no one read since it was scored is left to age out.
 *
 * User u's list is row u of flat arrays, `width` slots (the best `length` items of the eligible
 * pool, then all of its new arrivals below them, best first; −1 after the last item),
 * and its scalars are entry u of per-user arrays: a few large typed arrays whatever the number of
 * users, so the lists travel with the model between threads by structured clone at the cost of
 * copying their bytes. The arrays are allocated at the first list stored (an arm no one asks
 * holds none). Reasons are interned once for all users (the same words recur across lists), kept
 * as parallel arrays of their fields (objects cost a clone several times their strings' bytes); a
 * list's reason ids lie together in one shared array, re-used in place when a new list needs no
 * more of them.
 */
export class RankedLists {
  /** Slots a user's row holds: the top `length` and up to `freshBelowTop` new arrivals below it. */
  readonly width: number;
  /** Row u: user u's items best first (−1 after the last) and their scores, in the shape of UserTopLists. */
  rows: UserTopLists & { scores: Float64Array };
  /** Per slot: 1 where the entry is a new arrival (one of its reasons is `new_arrivals`'). */
  fresh = new Uint8Array(0);
  /** Per slot: where the entry's reasons end in the row's span of `reasonIds` (they start where the previous entry's end). */
  reasonEnd = new Uint16Array(0);
  /** Per user: epoch ms the list was scored at (the request time it is exact for); NaN = no list. */
  at = new Float64Array(0);
  /** Per user: the newest event time (epoch ms) the list was scored with; a user with a later one is scored in full. */
  eventsUpTo = new Float64Array(0);
  /** Per user: how many of the row's entries are the pool's best (the rest are new arrivals below them). */
  top = new Uint16Array(0);
  /** Per user: 1 when the list holds the whole eligible pool. */
  complete = new Uint8Array(0);
  /** Per user: the row's first reason id in `reasonIds`, and how many ids its span has room for. */
  reasonFrom = new Int32Array(0);
  reasonRoom = new Int32Array(0);
  /** Every list's reason ids, indices into `reasons`; `reasonUsed` of them taken, `reasonFreed` of those left by lists stored again elsewhere. */
  reasonIds = new Int32Array(0);
  reasonUsed = 0;
  reasonFreed = 0;
  /** The distinct reasons' fields: reason r is `{ source: reasonSource[r], text: reasonText[r], anchor }` (−1 = none). */
  readonly reasonSource: SourceName[] = [];
  readonly reasonText: string[] = [];
  readonly reasonAnchor: number[] = [];
  /** Users whose lists were read since they were scored, due when past half their age. */
  readonly readSinceScored: DueUsers;

  constructor(
    /** Users the lists are kept for (the model's known users). */
    readonly users: number,
    /** Most items kept per user (the best of the pool). */
    readonly length: number,
    readonly maxAgeMs: number,
    /**
     * Room for new arrivals below the top, for a request's new-arrival slot whatever its filters: as
     * many as a pool can hold (a list keeps all of its pool's).
     */
    readonly freshBelowTop: number,
  ) {
    this.width = length + freshBelowTop;
    this.rows = { n: this.width, items: new Int32Array(0), scores: new Float64Array(0) };
    this.readSinceScored = dueUsers(users);
  }

  /** Why user u's list cannot answer at `now` (no list, too old, older than `newestEvent`); undefined when it can. */
  unreadable(u: number, now: number, newestEvent = Number.NEGATIVE_INFINITY): FullPathReason | undefined {
    if (!this.has(u)) return 'no_list';
    const at = this.at[u]!;
    if (!(now >= at && now - at <= this.maxAgeMs)) return 'too_old';
    return newestEvent > this.eventsUpTo[u]! ? 'newer_events' : undefined;
  }

  /** User u's list answered a request: it is due to be scored again once past half its age. */
  served(u: number): void {
    addDue(this.readSinceScored, u, this.at[u]! + this.maxAgeMs / 2);
  }

  /** A user whose list was read since it was scored and is past half its age at `now`, soonest first; −1 = none. */
  due(now: number): number {
    return takeDue(this.readSinceScored, now);
  }

  /** Whether user u has a list (of any age). */
  has(u: number): boolean {
    return u >= 0 && u < this.at.length && !Number.isNaN(this.at[u]!);
  }

  /**
   * Stores user u's ranking as scored at `at` with the user's events up to `cut.eventsUpTo` (none
   * by default): the best `top` of the eligible pool, then all of its new arrivals below those;
   * `complete` when that is all of the pool.
   */
  store(
    u: number,
    at: number,
    ranked: readonly RankedItem[],
    top: number,
    cut: { complete: boolean; eventsUpTo?: number },
  ): void {
    if (ranked.length > this.width || top > this.length) throw new RangeError('RankedLists.store: list too long');
    this.allocate();
    let reasonCount = 0;
    for (const entry of ranked) reasonCount += entry.reasons.length;
    const from = this.reasonSpan(u, reasonCount);
    const row = u * this.width;
    const { items, scores } = this.rows;
    let r = 0;
    for (let k = 0; k < ranked.length; k++) {
      const { item, score, reasons } = ranked[k]!;
      items[row + k] = item;
      scores[row + k] = score;
      this.fresh[row + k] = 0;
      for (const reason of reasons) {
        this.reasonIds[from + r++] = this.intern(reason);
        if (reason.source === 'new_arrivals') this.fresh[row + k] = 1;
      }
      this.reasonEnd[row + k] = r;
    }
    items.fill(-1, row + ranked.length, row + this.width);
    this.at[u] = at;
    this.eventsUpTo[u] = cut.eventsUpTo ?? Number.NEGATIVE_INFINITY;
    this.top[u] = top;
    this.complete[u] = cut.complete ? 1 : 0;
    removeDue(this.readSinceScored, u);
  }

  /** The distinct reasons, as objects (shared by every entry that gives them). */
  get reasons(): readonly Reason[] {
    return this.interned().objects;
  }

  /** The reasons of the entry at `slot` (of user u's row), strongest first. */
  reasonsOf(u: number, slot: number): Reason[] {
    const from = this.reasonFrom[u]!;
    const start = slot === u * this.width ? 0 : this.reasonEnd[slot - 1]!;
    const { reasons } = this;
    // Sized up front: an array grown by push reserves room for 17 references, several times an entry's reasons.
    const out = new Array<Reason>(this.reasonEnd[slot]! - start);
    for (let k = 0; k < out.length; k++) out[k] = reasons[this.reasonIds[from + start + k]!]!;
    return out;
  }

  /** Users with a list, and the bytes the lists take (typed arrays, empty slots included; the shared reasons aside). */
  size(): { users: number; bytes: number } {
    let users = 0;
    for (const at of this.at) if (!Number.isNaN(at)) users++;
    const arrays = [this.rows.items, this.rows.scores, this.fresh, this.reasonEnd, this.at, this.eventsUpTo, this.top];
    let bytes = this.reasonUsed * Int32Array.BYTES_PER_ELEMENT;
    const { due, user, entry } = this.readSinceScored;
    for (const array of [...arrays, this.complete, this.reasonFrom, this.reasonRoom, due, user, entry])
      bytes += array.byteLength;
    return { users, bytes };
  }

  /** Lets go of the shared reason ids' spare room (before the lists are copied to another thread). */
  trim(): void {
    if (this.reasonFreed > 0) this.compact(0);
    if (this.reasonIds.length > this.reasonUsed) this.reasonIds = this.reasonIds.slice(0, this.reasonUsed);
  }

  private allocate(): void {
    if (this.at.length === this.users) return;
    const slots = this.users * this.width;
    this.rows = { n: this.width, items: new Int32Array(slots).fill(-1), scores: new Float64Array(slots) };
    this.fresh = new Uint8Array(slots);
    this.reasonEnd = new Uint16Array(slots);
    this.at = new Float64Array(this.users).fill(Number.NaN);
    this.eventsUpTo = new Float64Array(this.users).fill(Number.NEGATIVE_INFINITY);
    this.top = new Uint16Array(this.users);
    this.complete = new Uint8Array(this.users);
    this.reasonFrom = new Int32Array(this.users);
    this.reasonRoom = new Int32Array(this.users);
  }

  /** Where user u's `count` reason ids go: their span when it has room, else new room at the end. */
  private reasonSpan(u: number, count: number): number {
    if (count <= this.reasonRoom[u]!) return this.reasonFrom[u]!;
    this.reasonFreed += this.reasonRoom[u]!;
    this.reasonRoom[u] = 0;
    if (this.reasonUsed + count > this.reasonIds.length) {
      // Half the ids left behind by lists that outgrew their span: pack the rest instead of growing.
      if (this.reasonFreed * 2 > this.reasonUsed) this.compact(count);
      if (this.reasonUsed + count > this.reasonIds.length) {
        const grown = new Int32Array(Math.max(1024, 2 * (this.reasonUsed + count)));
        grown.set(this.reasonIds.subarray(0, this.reasonUsed));
        this.reasonIds = grown;
      }
    }
    this.reasonFrom[u] = this.reasonUsed;
    this.reasonRoom[u] = count;
    this.reasonUsed += count;
    return this.reasonFrom[u]!;
  }

  /** Packs every list's reason ids together, leaving room for `spare` more. */
  private compact(spare: number): void {
    const packed = new Int32Array(Math.max(1024, this.reasonUsed - this.reasonFreed + spare));
    let used = 0;
    for (let u = 0; u < this.users; u++) {
      const room = this.reasonRoom[u]!;
      if (room === 0) continue;
      packed.set(this.reasonIds.subarray(this.reasonFrom[u]!, this.reasonFrom[u]! + room), used);
      this.reasonFrom[u] = used;
      used += room;
    }
    this.reasonIds = packed;
    this.reasonUsed = used;
    this.reasonFreed = 0;
  }

  private intern(reason: Reason): number {
    const { objects, index } = this.interned();
    const key = reasonKey(reason);
    let id = index.get(key);
    if (id === undefined) {
      id = this.reasonText.push(reason.text) - 1;
      this.reasonSource.push(reason.source);
      this.reasonAnchor.push(reason.anchor ?? -1);
      objects.push(reason);
      index.set(key, id);
    }
    return id;
  }

  /** The reasons as objects and their index by key: kept beside the lists, built from the fields where first needed. */
  private interned(): Interned {
    let interned = INTERNED.get(this);
    if (!interned) {
      const objects = this.reasonText.map((text, r): Reason => {
        const source = this.reasonSource[r]!;
        const anchor = this.reasonAnchor[r]!;
        return anchor < 0 ? { source, text } : { source, text, anchor };
      });
      interned = { objects, index: new Map(objects.map((reason, id) => [reasonKey(reason), id])) };
      INTERNED.set(this, interned);
    }
    return interned;
  }
}

function reasonKey(reason: Reason): string {
  return `${reason.source}\u0000${reason.anchor ?? ''}\u0000${reason.text}`;
}

interface Interned {
  objects: Reason[];
  index: Map<string, number>;
}

/** Each lists' reason objects and index, outside the lists so that a structured clone leaves them behind. */
const INTERNED = new WeakMap<RankedLists, Interned>();
