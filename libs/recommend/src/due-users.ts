/**
 * Users each due at a time, soonest first: a binary min-heap in typed arrays that knows where each
 * user sits, so a user is in it at most once (it never holds more than `users` entries) and can be
 * taken out. Plain fields, so it travels by structured clone; allocated at the first user added.
 */
export interface DueUsers {
  users: number;
  /** Heap order: entry h is user `user[h]`, due at `due[h]`. */
  due: Float64Array;
  user: Int32Array;
  /** Per user: its entry in the heap, −1 when it is not in it. */
  entry: Int32Array;
  size: number;
}

export function dueUsers(users: number): DueUsers {
  return { users, due: new Float64Array(0), user: new Int32Array(0), entry: new Int32Array(0), size: 0 };
}

export function isDue(heap: DueUsers, u: number): boolean {
  return heap.entry.length > 0 && heap.entry[u]! >= 0;
}

/** Adds user u, due at `due`; a user already in keeps its time. */
export function addDue(heap: DueUsers, u: number, due: number): void {
  if (heap.entry.length === 0) {
    heap.due = new Float64Array(heap.users);
    heap.user = new Int32Array(heap.users);
    heap.entry = new Int32Array(heap.users).fill(-1);
  }
  if (heap.entry[u]! >= 0) return;
  const h = heap.size++;
  place(heap, h, u, due);
  up(heap, h);
}

/** Takes user u out, when it is in. */
export function removeDue(heap: DueUsers, u: number): void {
  if (!isDue(heap, u)) return;
  const h = heap.entry[u]!;
  heap.entry[u] = -1;
  const last = --heap.size;
  if (h === last) return;
  const moved = heap.user[last]!;
  place(heap, h, moved, heap.due[last]!);
  up(heap, h);
  down(heap, heap.entry[moved]!);
}

/** The user due soonest when that is at or before `now`, taken out; −1 when none is due yet. */
export function takeDue(heap: DueUsers, now: number): number {
  if (heap.size === 0 || heap.due[0]! > now) return -1;
  const u = heap.user[0]!;
  removeDue(heap, u);
  return u;
}

function place(heap: DueUsers, h: number, u: number, due: number): void {
  heap.user[h] = u;
  heap.due[h] = due;
  heap.entry[u] = h;
}

function swap(heap: DueUsers, a: number, b: number): void {
  const ua = heap.user[a]!;
  const da = heap.due[a]!;
  place(heap, a, heap.user[b]!, heap.due[b]!);
  place(heap, b, ua, da);
}

function up(heap: DueUsers, h: number): void {
  while (h > 0) {
    const parent = (h - 1) >> 1;
    if (heap.due[parent]! <= heap.due[h]!) return;
    swap(heap, h, parent);
    h = parent;
  }
}

function down(heap: DueUsers, h: number): void {
  for (;;) {
    let least = h;
    const left = 2 * h + 1;
    if (left < heap.size && heap.due[left]! < heap.due[least]!) least = left;
    if (left + 1 < heap.size && heap.due[left + 1]! < heap.due[least]!) least = left + 1;
    if (least === h) return;
    swap(heap, h, least);
    h = least;
  }
}
