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
  type?: unknown;
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

/**
 * Node's codes for a broker certificate the client does not trust or that names another host.
 * An expired or not yet valid certificate is not among them: a renewal or the clocks fix that.
 */
const UNTRUSTED_CERTIFICATE = new Set([
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'CERT_SIGNATURE_FAILURE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'INVALID_CA',
  'HOSTNAME_MISMATCH',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * The broker's protocol errors refusing this client (kafkajs marks them not retriable): a login it
 * will not accept, or a client its ACLs do not allow — an operator's credentials or grants are
 * wrong, not the record, so while running they are retried.
 */
const REFUSED_CLIENT_TYPES = new Set([
  'SASL_AUTHENTICATION_FAILED',
  'UNSUPPORTED_SASL_MECHANISM',
  'ILLEGAL_SASL_STATE',
  'TOPIC_AUTHORIZATION_FAILED',
  'GROUP_AUTHORIZATION_FAILED',
  'CLUSTER_AUTHORIZATION_FAILED',
  'TRANSACTIONAL_ID_AUTHORIZATION_FAILED',
]);

/** A refusal of this client (its login, its trust in the broker, its grants) rather than of a record. */
function isRefusedClient(e: KafkaJsLikeError): boolean {
  if (typeof e.code === 'string' && UNTRUSTED_CERTIFICATE.has(e.code)) return true;
  if (e.name === 'KafkaJSProtocolError') return typeof e.type === 'string' && REFUSED_CLIENT_TYPES.has(e.type);
  if (e.name !== 'KafkaJSSASLAuthenticationError') return false;
  const message = typeof e.message === 'string' ? e.message : '';
  return SASL_REFUSAL.test(message) && !TRANSPORT_FAILURE.test(message);
}

/**
 * Where a Kafka call failed: at `start-up` (connecting, subscribing, creating topics, probing
 * lag) a refused login, an untrusted certificate or an authorization failure stops the service, as
 * only a deploy or an operator fixes it; while `running` (a handler's publish, a dead letter) they
 * are retried like a broker down, so the handler retries, the subscription shows unhealthy and no
 * good record is dead-lettered.
 */
export type KafkaCallStage = 'start-up' | 'running';

/**
 * Whether a failed Kafka call is worth retrying: everything is (broker down, timeouts, leadership
 * moving, a connection lost during the login, an expired certificate) except a protocol error the
 * broker marks as not retriable about the records (too large, invalid, invalid topic) and, at
 * start-up, a refused SASL login, an untrusted broker certificate or an authorization failure
 * (topic, group, cluster, transactional id), wherever it sits in the chain of wrapped errors.
 */
export function isRetriableKafkaFailure(error: unknown, stage: KafkaCallStage): boolean {
  for (const e of errorChain(error)) {
    if (isRefusedClient(e)) return stage === 'running';
    if (e.name === 'KafkaJSProtocolError' && e.retriable === false) return false;
  }
  return true;
}

/** The group coordinator refusing a member's request because the group is changing: only a join settles it. */
export const REBALANCE_ERROR_TYPES: ReadonlySet<string> = new Set([
  'REBALANCE_IN_PROGRESS',
  'ILLEGAL_GENERATION',
  'UNKNOWN_MEMBER_ID',
  'FENCED_INSTANCE_ID',
]);

/** Whether an error of this name sits anywhere in the chain of wrapped errors. */
export function hasErrorNamed(error: unknown, name: string): boolean {
  for (const e of errorChain(error)) if (e.name === name) return true;
  return false;
}

/** Whether a kafkajs protocol error of one of these types sits anywhere in the chain of wrapped errors. */
export function hasProtocolErrorType(error: unknown, types: ReadonlySet<string>): boolean {
  for (const e of errorChain(error)) if (typeof e.type === 'string' && types.has(e.type)) return true;
  return false;
}

/** The error and those it wraps (kafkajs's `originalError`, or `cause`), each once. */
function* errorChain(error: unknown): Generator<KafkaJsLikeError> {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (typeof current === 'object' && current !== null && !seen.has(current)) {
    seen.add(current);
    const e = current as KafkaJsLikeError;
    yield e;
    current = e.originalError ?? e.cause;
  }
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
