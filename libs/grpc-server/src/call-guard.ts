import {
  type Metadata,
  type ServerInterceptingCallInterface,
  ServerInterceptingCall,
  type ServerInterceptor,
  status,
} from '@grpc/grpc-js';

/** A status the guard ends a call with. */
interface Refusal {
  code: status;
  details: string;
  metadata?: Metadata;
}
import type { AuthDecision, CallAuthorizer } from '@demand/api-keys';
import { retryHint } from './retry-hint.js';
import { UNDECODABLE_REQUEST } from './undecodable-request.js';

export interface CallGuardSettings {
  /** Checks the caller's API key on every call; absent when authentication is off. */
  authorizer?: CallAuthorizer;
  /** A call still running this long after it arrived ends with DEADLINE_EXCEEDED, whatever deadline the client set. */
  maxCallMs: number;
  /** Told of every call the guard ends itself (for metrics), with the store's error when keys could not be read. */
  onRejected?(method: string, code: status, error?: unknown): void;
}

/** What a refused caller is told: the kind of refusal, never why the key failed or what it lacks. */
const refusals: Record<Exclude<AuthDecision, { allowed: true }>['reason'], Refusal> = {
  unauthenticated: { code: status.UNAUTHENTICATED, details: 'missing or invalid API key' },
  permission_denied: { code: status.PERMISSION_DENIED, details: 'this API key may not call this method' },
  rate_limited: { code: status.RESOURCE_EXHAUSTED, details: 'rate limit of this API key reached; retry later' },
};

/** Why grpc-js could not decode the request (see withTolerantDecoding), or undefined for a decoded one. */
function undecodableReason(message: unknown): string | undefined {
  if (typeof message !== 'object' || message === null || !(UNDECODABLE_REQUEST in message)) return undefined;
  const error = (message as Record<symbol, unknown>)[UNDECODABLE_REQUEST];
  return Error.isError(error) ? error.message : 'undecodable';
}

/** `authorization: Bearer <key>` or `x-api-key: <key>`. */
export function apiKeyFrom(metadata: Metadata): string | undefined {
  const authorization = metadata.get('authorization')[0];
  if (typeof authorization === 'string' && authorization.startsWith('Bearer ')) return authorization.slice(7).trim();
  const header = metadata.get('x-api-key')[0];
  return typeof header === 'string' ? header.trim() : undefined;
}

/**
 * A grpc-js server interceptor in front of every method of the server (Nest's controllers
 * included): API key, scope and rate checked before the handler sees the call, and a cap on
 * how long any call may run.
 */
export function callGuard(settings: CallGuardSettings): ServerInterceptor {
  return (descriptor, next: ServerInterceptingCallInterface) => {
    const method = descriptor.path;
    let timer: NodeJS.Timeout | undefined;
    let finished = false;
    /** The key's check (set with the call's metadata), when keys are checked: its message waits for it. */
    let authorized: Promise<boolean> | undefined;
    const reject = (refusal: Refusal, error?: unknown): false => {
      if (finished) return false;
      settings.onRejected?.(method, refusal.code, error);
      call.sendStatus(refusal);
      return false;
    };
    const call: ServerInterceptingCall = new ServerInterceptingCall(next, {
      start(startNext) {
        timer = setTimeout(
          () =>
            reject({
              code: status.DEADLINE_EXCEEDED,
              details: `call exceeded the server's ${settings.maxCallMs} ms limit`,
            }),
          settings.maxCallMs,
        );
        timer.unref();
        startNext({
          onReceiveMetadata(metadata, metadataNext) {
            const { authorizer } = settings;
            if (!authorizer) return metadataNext(metadata);
            authorized = authorizer.authorize(method, apiKeyFrom(metadata)).then(
              (decision) => {
                if (decision.allowed) {
                  metadataNext(metadata);
                  return true;
                }
                const refusal = refusals[decision.reason];
                if (decision.reason !== 'rate_limited') return reject(refusal);
                return reject({ ...refusal, metadata: retryHint(decision.retryAfterMs) });
              },
              (error: unknown) =>
                reject(
                  { code: status.UNAVAILABLE, details: 'API keys cannot be checked right now; retry later' },
                  error,
                ),
            );
          },
          // After the key is checked: a caller without a valid key learns nothing about their request.
          onReceiveMessage(message, messageNext) {
            const pass = () => {
              const undecodable = undecodableReason(message);
              if (undecodable === undefined) return messageNext(message);
              reject({
                code: status.INVALID_ARGUMENT,
                details: `request: not a valid message for ${method} (${undecodable})`,
              });
            };
            if (!settings.authorizer) return pass();
            if (!authorized) return reject({ code: status.INTERNAL, details: 'message before metadata' });
            void authorized.then((allowed) => allowed && pass());
          },
          onCancel() {
            finished = true;
            clearTimeout(timer);
          },
        });
      },
      sendStatus(statusObject, statusNext) {
        finished = true;
        clearTimeout(timer);
        statusNext(statusObject);
      },
    });
    return call;
  };
}
