import type { StoredItemEvent } from './profile-events.js';

/**
 * Users pending for a touched refresh: each either read again in full (`reread`) or moved on by the
 * profile events held for it since (`held`), never both.
 */
export class PendingUsers {
  readonly reread = new Set<string>();
  held = new Map<string, StoredItemEvent[]>();
  /** Events in `held`, all users together. */
  heldEvents = 0;

  get size(): number {
    return this.reread.size + this.held.size;
  }

  has(id: string): boolean {
    return this.reread.has(id) || this.held.has(id);
  }

  /** `id` is read again in full: its held events are dropped. */
  markReread(id: string): void {
    this.reread.add(id);
    this.dropHeld(id);
  }

  /**
   * Holds `events` for `id` (none: it is pending with nothing to move on by), unless it is read again anyway;
   * takes the array over when `id` holds none yet.
   */
  hold(id: string, events: StoredItemEvent[]): void {
    if (this.reread.has(id)) return;
    const list = this.held.get(id);
    if (list) for (const e of events) list.push(e);
    else this.held.set(id, events);
    this.heldEvents += events.length;
  }

  /** Every user held is read again in full instead. */
  rereadAll(): void {
    for (const id of this.held.keys()) this.reread.add(id);
    this.clearHeld();
  }

  /** Moves `id`, with its held events, into `to`. */
  moveTo(id: string, to: PendingUsers): void {
    if (this.reread.delete(id)) to.markReread(id);
    const held = this.held.get(id);
    if (!held) return;
    this.dropHeld(id);
    to.hold(id, held);
  }

  /** Moves every user into `to`. */
  moveAllTo(to: PendingUsers): void {
    for (const id of this.reread) to.markReread(id);
    for (const [id, events] of this.held) to.hold(id, events);
    this.clear();
  }

  delete(id: string): void {
    this.reread.delete(id);
    this.dropHeld(id);
  }

  clear(): void {
    this.reread.clear();
    this.clearHeld();
  }

  private dropHeld(id: string): void {
    const held = this.held.get(id);
    if (!held) return;
    this.heldEvents -= held.length;
    this.held.delete(id);
  }

  /** A new map: `TouchedWork.take` hands the old one to the refresh. */
  private clearHeld(): void {
    this.held = new Map();
    this.heldEvents = 0;
  }
}
