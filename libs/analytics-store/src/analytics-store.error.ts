/**
 * What every adapter throws. `code` and `type` are ClickHouse's own (e.g. `'60'`,
 * `'UNKNOWN_TABLE'`) when the engine or server reported the failure; `transient` says
 * whether retrying later may succeed, so an at-least-once consumer knows to retry rather
 * than give up on the record.
 */
export class AnalyticsStoreError extends Error {
  override readonly name = 'AnalyticsStoreError';
  readonly transient: boolean;
  readonly code: string | undefined;
  readonly type: string | undefined;
  readonly httpStatus: number | undefined;

  constructor(
    message: string,
    options: {
      transient?: boolean;
      code?: string | undefined;
      type?: string | undefined;
      httpStatus?: number | undefined;
      cause?: unknown;
    } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.transient = options.transient ?? false;
    this.code = options.code;
    this.type = options.type;
    this.httpStatus = options.httpStatus;
  }
}

/**
 * ClickHouse error codes that describe a passing condition of the engine, not a bad
 * statement. By number: the client guesses the type name from the message text, the number
 * it reads from the message's start.
 */
const TRANSIENT_CLICKHOUSE_CODES = new Map([
  ['95', 'CANNOT_READ_FROM_SOCKET'],
  ['96', 'CANNOT_WRITE_TO_SOCKET'],
  ['159', 'TIMEOUT_EXCEEDED'],
  ['173', 'CANNOT_ALLOCATE_MEMORY'],
  ['201', 'QUOTA_EXCEEDED'],
  ['202', 'TOO_MANY_SIMULTANEOUS_QUERIES'],
  ['203', 'NO_FREE_CONNECTION'],
  ['209', 'SOCKET_TIMEOUT'],
  ['210', 'NETWORK_ERROR'],
  ['241', 'MEMORY_LIMIT_EXCEEDED'],
  ['242', 'TABLE_IS_READ_ONLY'],
  ['243', 'NOT_ENOUGH_SPACE'],
  ['252', 'TOO_MANY_PARTS'],
  ['279', 'ALL_CONNECTION_TRIES_FAILED'],
  ['285', 'TOO_FEW_LIVE_REPLICAS'],
  ['319', 'UNKNOWN_STATUS_OF_INSERT'],
  ['369', 'ALL_REPLICAS_ARE_STALE'],
  ['394', 'QUERY_WAS_CANCELLED'],
  ['425', 'SYSTEM_ERROR'],
  ['439', 'CANNOT_SCHEDULE_TASK'],
  ['473', 'DEADLOCK_AVOIDED'],
  ['745', 'SERVER_OVERLOADED'],
  ['999', 'KEEPER_EXCEPTION'],
]);

const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** The @clickhouse/client's own wording for its request timeout. */
const CLIENT_TIMEOUT_MESSAGE = 'Timeout error.';

interface ClickHouseFailure {
  message: string;
  code: string;
  type?: string | undefined;
}

/** ClickHouseError from any copy of the client packages (chdb brings its own): matched by shape. */
function asClickHouseFailure(error: unknown): ClickHouseFailure | undefined {
  if (!Error.isError(error)) return undefined;
  const { code, type } = error as { code?: unknown; type?: unknown };
  if (typeof code !== 'string' || !/^\d+$/.test(code)) return undefined;
  return { message: error.message, code, type: typeof type === 'string' ? type : undefined };
}

function isNetworkFailure(error: unknown): boolean {
  for (
    let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0;
    e && depth < 4;
    e = e.cause as typeof e, depth++
  ) {
    if (typeof e.code === 'string' && NETWORK_ERROR_CODES.has(e.code)) return true;
  }
  return false;
}

/**
 * Turns whatever the client or engine threw into an AnalyticsStoreError. With an HTTP status
 * (server adapter): 429, 502, 503 and 504 are transient, and so is any other 5xx that did
 * not carry a ClickHouse exception (a proxy or load balancer answered). A ClickHouse
 * exception is transient only when its code says so: ClickHouse answers 500 to many
 * permanent errors too.
 */
export function toAnalyticsStoreError(error: unknown, action: string, httpStatus?: number): AnalyticsStoreError {
  if (error instanceof AnalyticsStoreError) return error;
  const clickhouse = asClickHouseFailure(error);
  const statusSaysTransient =
    httpStatus !== undefined && (httpStatus === 429 || httpStatus === 502 || httpStatus === 503 || httpStatus === 504);
  if (clickhouse) {
    const label = clickhouse.type ? `${clickhouse.code}, ${clickhouse.type}` : clickhouse.code;
    return new AnalyticsStoreError(`${action}: ${clickhouse.message.trim()} (ClickHouse code ${label})`, {
      transient: statusSaysTransient || TRANSIENT_CLICKHOUSE_CODES.has(clickhouse.code),
      code: clickhouse.code,
      type: clickhouse.type,
      httpStatus,
      cause: error,
    });
  }
  const message = Error.isError(error) ? error.message : String(error);
  if (httpStatus !== undefined) {
    const body = message.trim().slice(0, 300);
    return new AnalyticsStoreError(`${action}: HTTP ${httpStatus}${body === '' ? '' : `: ${body}`}`, {
      transient: statusSaysTransient || httpStatus >= 500,
      httpStatus,
      cause: error,
    });
  }
  if (isNetworkFailure(error) || message === CLIENT_TIMEOUT_MESSAGE) {
    return new AnalyticsStoreError(`${action}: ClickHouse unreachable (${message})`, { transient: true, cause: error });
  }
  return new AnalyticsStoreError(`${action}: ${message}`, { cause: error });
}
