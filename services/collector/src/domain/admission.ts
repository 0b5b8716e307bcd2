/** What the admission needs to know about the pipeline behind the collector. */
export interface PipelineBacklog {
  /** Records on the raw topic the preprocessor has not committed yet. */
  rawRecordsBehind(): Promise<number>;
}

export interface AdmissionLimits {
  /** Refuse new events while the preprocessor is this many raw records behind. */
  maxRecordsBehind: number;
  /** Refuse new events while this many accepted events wait for the broker's acknowledgement. */
  maxEventsInFlight: number;
  /** The pause a refused client is told to take before it tries again. */
  retryAfterMs: number;
}

/**
 * The collector's refusal when the pipeline cannot keep up: UNAVAILABLE with a retry hint
 * (`retryAfterMs`, sent as trailer metadata), so clients back off instead of piling events into
 * memory or onto a topic nobody reads fast enough. Nothing of the refused call was written.
 */
export class PipelineBusyError extends Error {
  readonly code = 'UNAVAILABLE';

  constructor(
    reason: string,
    readonly retryAfterMs: number,
  ) {
    super(`the pipeline is busy (${reason}); retry after ${retryAfterMs} ms`);
    this.name = 'PipelineBusyError';
  }
}

/**
 * Back-pressure at the front door. The backlog is read by `refresh()` on a timer (not per
 * call); events in flight to the broker are counted per call. Both bounds keep memory and the
 * topic's backlog finite when something downstream stalls; once it recovers, calls are taken again.
 * If the backlog cannot be read (the broker is down), the last reading stands: the in-flight
 * bound still holds, and writing will fail on its own with UNAVAILABLE.
 */
export class Admission {
  private recordsBehind = 0;
  private eventsInFlight = 0;

  constructor(
    private readonly backlog: PipelineBacklog,
    private readonly limits: AdmissionLimits,
  ) {}

  async refresh(): Promise<void> {
    this.recordsBehind = await this.backlog.rawRecordsBehind();
  }

  /** Admits `events` or throws PipelineBusyError; call the returned function once they are written (or failed). */
  admit(events: number): () => void {
    if (this.recordsBehind > this.limits.maxRecordsBehind) {
      throw new PipelineBusyError(`${this.recordsBehind} raw records not yet preprocessed`, this.limits.retryAfterMs);
    }
    if (this.eventsInFlight > 0 && this.eventsInFlight + events > this.limits.maxEventsInFlight) {
      throw new PipelineBusyError(`${this.eventsInFlight} events waiting for the broker`, this.limits.retryAfterMs);
    }
    this.eventsInFlight += events;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.eventsInFlight -= events;
    };
  }

  /** Runs `work` once `events` are admitted (or throws PipelineBusyError first); they are released when it settles. */
  async whileAdmitted<T>(events: number, work: () => Promise<T>): Promise<T> {
    const release = this.admit(events);
    try {
      return await work();
    } finally {
      release();
    }
  }

  state(): { recordsBehind: number; eventsInFlight: number } {
    return { recordsBehind: this.recordsBehind, eventsInFlight: this.eventsInFlight };
  }
}
