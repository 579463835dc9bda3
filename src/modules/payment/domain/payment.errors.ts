import { DomainError } from '../../../shared/domain/domain-error.js';

export const invalidIdempotencyKey = () =>
  new DomainError('VALIDATION_FAILED', 'Idempotency-Key must be 1 to 64 printable ASCII characters without spaces');

export const idempotencyKeyReused = () =>
  new DomainError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a different payment request');
