/** The platform's convention: an error worth retrying carries `transient: true`. */
export function isTransient(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { transient?: unknown }).transient === true;
}

export function errorMessage(error: unknown): string {
  if (Error.isError(error)) return error.message || error.name;
  return String(error);
}

interface KafkaJsLikeError {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  retriable?: unknown;
  originalError?: unknown;
  cause?: unknown;
}

/**
 * kafkajs's SASL authenticators turn any failure during the login, a dropped connection or a
 * timeout included, into a KafkaJSSASLAuthenticationError that keeps only the text; a refusal
 * is told from those by the broker's (or kafkajs's) words for one.
 */
const SASL_REFUSAL =
  /invalid credentials|invalid username or password|SASL Authentication failed|mechanism is not supported|invalid-proof|unknown-user|Invalid server signature/i;
const TRANSPORT_FAILURE =
  /Connection (error|timeout|closed)|Closed connection|Not connected|Failed to connect|timed out|ECONN|EPIPE|ETIMEDOUT|socket hang up/i;

/** Node's codes for a broker certificate the client does not trust (wrong CA, expired, wrong host name). */
const UNTRUSTED_CERTIFICATE =
  /^(CERT_|ERR_TLS_CERT_|UNABLE_TO_(GET_ISSUER|VERIFY_LEAF|DECRYPT_CERT)|(SELF_SIGNED|DEPTH_ZERO))/;

function isRefusedLogin(e: KafkaJsLikeError): boolean {
  if (e.name !== 'KafkaJSSASLAuthenticationError') return false;
  const message = typeof e.message === 'string' ? e.message : '';
  return SASL_REFUSAL.test(message) && !TRANSPORT_FAILURE.test(message);
}

/**
 * Whether a failed Kafka call is worth retrying: everything is (broker down, timeouts, leadership
 * moving, a connection lost during the login) except a protocol error the broker marks as not
 * retriable (record too large, authorization, invalid topic), a refused SASL login or an
 * untrusted broker certificate, wherever it sits in the chain of wrapped errors.
 */
export function isRetriableKafkaFailure(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (typeof current === 'object' && current !== null && !seen.has(current)) {
    seen.add(current);
    const e = current as KafkaJsLikeError;
    if (e.name === 'KafkaJSProtocolError' && e.retriable === false) return false;
    if (isRefusedLogin(e)) return false;
    if (typeof e.code === 'string' && UNTRUSTED_CERTIFICATE.test(e.code)) return false;
    current = e.originalError ?? e.cause;
  }
  return true;
}

/** An error thrown by the bus: the message says what failed, `transient` whether to retry. */
export class BusError extends Error {
  readonly transient: boolean;

  constructor(message: string, options: { transient: boolean; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = 'BusError';
    this.transient = options.transient;
  }
}
