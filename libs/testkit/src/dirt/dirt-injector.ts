import { Event } from '@demand/contracts';
import type { Random } from '../random/random.js';
import type { PlannedEvent } from '../stream/planned-event.js';
import { applicableKinds, corrupt } from './corrupt.js';
import { DIRT_KINDS, type DirtKind } from './dirt-kinds.js';

export interface DirtOptions {
  /**
   * Fraction of people's events corrupted in place (0..1), among those at least one allowed
   * kind can corrupt (`counts.dirtEligibleEvents`). Default 0.
   */
  dirtyRate?: number;
  /** Which kinds may be used; default all. */
  kinds?: readonly DirtKind[];
  /** Fraction of clean events of people re-sent once, with the same event id, a little later. Default 0. */
  duplicateRate?: number;
}

/** Decides, on its own random stream, which events of people get dirty and which are re-sent. */
export class DirtInjector {
  private readonly dirtyRate: number;
  private readonly duplicateRate: number;
  private readonly kinds: readonly DirtKind[];

  constructor(
    private readonly random: Random,
    options: DirtOptions = {},
  ) {
    this.dirtyRate = checkRate(options.dirtyRate ?? 0, 'dirt.dirtyRate');
    this.duplicateRate = checkRate(options.duplicateRate ?? 0, 'dirt.duplicateRate');
    this.kinds = options.kinds ?? DIRT_KINDS;
  }

  get active(): boolean {
    return this.dirtyRate > 0 || this.duplicateRate > 0;
  }

  /** The record (perhaps corrupted) and, sometimes, a later re-send of it. */
  apply(record: PlannedEvent): PlannedEvent[] {
    if (this.dirtyRate > 0) {
      const kinds = applicableKinds(record.event, this.kinds);
      record.dirtEligible = kinds.length > 0;
      if (kinds.length > 0 && this.random.chance(this.dirtyRate)) {
        record.dirt = corrupt(record.event, this.random.pick(kinds), this.random);
        return [record];
      }
    }
    if (this.duplicateRate > 0 && this.random.chance(this.duplicateRate)) {
      const resend: PlannedEvent = {
        at: record.at + this.random.int(200, 60_000),
        order: record.order,
        event: Event.fromPartial(record.event),
        origin: record.origin,
        resend: true,
      };
      return [record, resend];
    }
    return [record];
  }
}

export function checkRate(rate: number, name: string): number {
  if (!Number.isFinite(rate) || rate < 0 || rate >= 1) throw new RangeError(`${name} must be in [0, 1) (got ${rate})`);
  return rate;
}
