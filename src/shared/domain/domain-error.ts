/** Every error code of the API contract (docs/api.md); the HTTP status is chosen in one place. */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'QUEUE_TOKEN_MISSING'
  | 'QUEUE_TOKEN_INVALID'
  | 'QUEUE_TOKEN_NOT_ACTIVE'
  | 'CONCERT_NOT_FOUND'
  | 'DATE_NOT_FOUND'
  | 'SEAT_NOT_FOUND'
  | 'RESERVATION_NOT_FOUND'
  | 'NOT_FOUND'
  | 'SEAT_UNAVAILABLE'
  | 'HOLD_LIMIT_EXCEEDED'
  | 'RESERVATION_EXPIRED'
  | 'RESERVATION_ALREADY_PAID'
  | 'INSUFFICIENT_BALANCE'
  | 'BALANCE_LIMIT_EXCEEDED'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'PAYLOAD_TOO_LARGE'
  | 'ADMIN_KEY_INVALID'
  | 'QUEUE_TOKEN_NOT_FOUND'
  | 'TOO_MANY_REQUESTS'
  | 'INTERNAL_ERROR'
  | 'SERVICE_UNAVAILABLE';

/** A broken business rule. Its message is safe to show to the client. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
