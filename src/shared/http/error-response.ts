import { HttpException, HttpStatus } from '@nestjs/common';
import { DomainError, type ErrorCode } from '../domain/domain-error.js';
import { errorCodeOf } from '../infrastructure/mysql.js';
import { BODY_LIMIT_TEXT } from './body-limit.js';

export interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  details?: string[];
}

export interface MappedError {
  body: ErrorBody;
  /** Response headers the error calls for (Retry-After of a 429). */
  headers?: Record<string, string>;
  /** Set when the error is a bug or an outage: the detail goes to the log, never to the client. */
  cause?: unknown;
}

const STATUS_OF: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  QUEUE_TOKEN_MISSING: 401,
  QUEUE_TOKEN_INVALID: 401,
  QUEUE_TOKEN_NOT_ACTIVE: 403,
  CONCERT_NOT_FOUND: 404,
  DATE_NOT_FOUND: 404,
  SEAT_NOT_FOUND: 404,
  RESERVATION_NOT_FOUND: 404,
  NOT_FOUND: 404,
  SEAT_UNAVAILABLE: 409,
  HOLD_LIMIT_EXCEEDED: 409,
  RESERVATION_EXPIRED: 409,
  RESERVATION_ALREADY_PAID: 409,
  INSUFFICIENT_BALANCE: 409,
  BALANCE_LIMIT_EXCEEDED: 409,
  IDEMPOTENCY_KEY_REUSED: 409,
  PAYLOAD_TOO_LARGE: 413,
  ADMIN_KEY_INVALID: 401,
  QUEUE_TOKEN_NOT_FOUND: 404,
  TOO_MANY_REQUESTS: 429,
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
};

export function statusOf(code: ErrorCode): number {
  return STATUS_OF[code];
}

/** A validation failure that keeps the per-field messages for the `details` field. */
export class ValidationFailedError extends DomainError {
  constructor(readonly details: string[]) {
    super('VALIDATION_FAILED', details[0] ?? 'The request is not valid');
  }
}

/** A rate limit refused the request; the client may try again after `retryAfterSeconds` (whole seconds, at least 1). */
export class TooManyRequestsError extends DomainError {
  readonly retryAfterSeconds: number;

  constructor(retryAfterMs: number) {
    super('TOO_MANY_REQUESTS', 'Too many requests; try again after the time in the Retry-After header');
    this.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  }
}

// Driver and pool errors that mean "the database or Redis cannot be reached", not "a bug".
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_LOCK_WAIT_TIMEOUT',
  'POOL_CLOSED',
]);

// ioredis reports a lost or refused connection by message only.
const UNAVAILABLE_MESSAGES = [
  /^Connection is closed\.?$/,
  /^Stream isn't writeable/,
  /^Reached the max retries per request/,
  // Redis Cluster while a failover is under way (a slot moving, a node that was a replica, a stale slot map), or
  // before the client has the slot map; and a Redis still loading its data after a restart.
  /^Cluster isn't ready/,
  /^CLUSTERDOWN/,
  /^TRYAGAIN/,
  /^MOVED /,
  /^ASK /,
  /^READONLY/,
  /^LOADING/,
  /^Too many Cluster redirections/,
  /^None of startup nodes is available/,
  /^Failed to refresh slots cache/,
];

function isUnavailable(error: unknown): boolean {
  const code = errorCodeOf(error);
  if (code !== undefined && UNAVAILABLE_CODES.has(code)) return true;
  if (!(error instanceof Error)) return false;
  if (
    ['ConnectionIsNotSetError', 'CannotConnectError', 'MaxRetriesPerRequestError', 'ClusterAllFailedError'].includes(
      error.name,
    )
  ) {
    return true;
  }
  return UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(error.message));
}

function body(code: ErrorCode, message: string, details?: string[]): ErrorBody {
  return details
    ? { statusCode: statusOf(code), code, message, details }
    : { statusCode: statusOf(code), code, message };
}

function fromStatus(status: number, message: string): ErrorBody | undefined {
  switch (status) {
    case HttpStatus.BAD_REQUEST:
    case HttpStatus.UNSUPPORTED_MEDIA_TYPE:
      return body('VALIDATION_FAILED', message);
    case HttpStatus.NOT_FOUND:
    case HttpStatus.METHOD_NOT_ALLOWED:
      return body('NOT_FOUND', 'No such route');
    case HttpStatus.PAYLOAD_TOO_LARGE:
      return body('PAYLOAD_TOO_LARGE', `The request body is larger than ${BODY_LIMIT_TEXT}`);
    case HttpStatus.TOO_MANY_REQUESTS:
      return body('TOO_MANY_REQUESTS', 'Too many requests');
    case HttpStatus.SERVICE_UNAVAILABLE:
      return body('SERVICE_UNAVAILABLE', 'The service is unavailable');
    default:
      return undefined;
  }
}

/** Maps anything thrown while serving a request to the contract's error body. */
export function toErrorResponse(error: unknown): MappedError {
  if (error instanceof ValidationFailedError) {
    return { body: body('VALIDATION_FAILED', error.message, error.details) };
  }
  if (error instanceof TooManyRequestsError) {
    return { body: body(error.code, error.message), headers: { 'retry-after': String(error.retryAfterSeconds) } };
  }
  if (error instanceof DomainError) {
    return { body: body(error.code, error.message) };
  }
  if (error instanceof HttpException) {
    const mapped = fromStatus(error.getStatus(), 'The request is not valid');
    if (mapped) return { body: mapped };
  }
  // Errors that Fastify raises before Nest sees the request (body parser, size limit).
  const fastifyCode = errorCodeOf(error);
  const fastifyStatus = (error as { statusCode?: unknown } | null)?.statusCode;
  if (fastifyCode?.startsWith('FST_') && typeof fastifyStatus === 'number') {
    const message = fastifyStatus === 400 ? 'The request body is not valid JSON' : 'The request is not valid';
    const mapped = fromStatus(fastifyStatus, message);
    if (mapped) return { body: mapped };
  }
  if (isUnavailable(error)) {
    return { body: body('SERVICE_UNAVAILABLE', 'A backing service is unavailable, try again shortly'), cause: error };
  }
  return { body: body('INTERNAL_ERROR', 'An unexpected error occurred'), cause: error };
}
