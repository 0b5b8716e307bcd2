import type { status } from '@grpc/grpc-js';

/** The method the read server answers, as the call metrics and spans name it (the path without its slash). */
export const READ_METHOD = 'demand.v1.Features/GetUserProfile';

/**
 * The worker's calls since its last report, in columns (no object a call): the main thread counts and times them
 * in its metrics and makes their spans, as GrpcCallInterceptor does for the calls Nest answers.
 */
export interface CallReport {
  codes: number[];
  /** When each call's handler started, epoch ms. */
  startsMs: number[];
  durationsMs: number[];
  /** The caller's trace context (traceparent, tracestate) where it sent one. */
  carriers: (Record<string, string> | undefined)[];
  /** A failed call's details (for its span), where it failed. */
  errors: (string | undefined)[];
  /** Calls the guard ended itself (counted, no span), with the key store's error where the keys could not be read. */
  refused: { method: string; code: status; error?: string }[];
}

/** The worker side: notes each call, hands the notes over in a report. */
export class CallNotes {
  private report = emptyReport();

  get empty(): boolean {
    return this.report.codes.length === 0 && this.report.refused.length === 0;
  }

  handled(
    code: status,
    startMs: number,
    durationMs: number,
    carrier: Record<string, string> | undefined,
    error?: string,
  ) {
    const r = this.report;
    r.codes.push(code);
    r.startsMs.push(startMs);
    r.durationsMs.push(durationMs);
    r.carriers.push(carrier);
    r.errors.push(error);
  }

  refused(method: string, code: status, error?: unknown): void {
    this.report.refused.push({ method, code, ...(error === undefined ? {} : { error: String(error) }) });
  }

  take(): CallReport {
    const taken = this.report;
    this.report = emptyReport();
    return taken;
  }
}

function emptyReport(): CallReport {
  return { codes: [], startsMs: [], durationsMs: [], carriers: [], errors: [], refused: [] };
}
