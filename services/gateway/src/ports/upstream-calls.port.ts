/** Forwards one unary call to the gRPC service that serves it. */
export interface UpstreamCalls {
  /** Rejects with the upstream's gRPC error (numeric `code`, `details`) when the call fails. */
  unary(service: string, clientMethod: string, request: unknown, headers: ForwardedHeaders): Promise<unknown>;
  close(): void;
}

/** Caller credentials and trace context passed on as gRPC metadata. */
export type ForwardedHeaders = Readonly<Record<string, string>>;

export const UPSTREAM_CALLS = Symbol('UPSTREAM_CALLS');
