import { DomainError } from '../../../shared/domain/domain-error.js';

export const tokenMissing = () => new DomainError('QUEUE_TOKEN_MISSING', 'The X-Queue-Token header is required');
export const tokenInvalid = () =>
  new DomainError('QUEUE_TOKEN_INVALID', 'The queue token is unknown, malformed or expired');
export const tokenNotActive = () =>
  new DomainError('QUEUE_TOKEN_NOT_ACTIVE', 'The queue token is still waiting in line; poll GET /queue/status');

export const queueTokenNotFound = (userId: string) =>
  new DomainError('QUEUE_TOKEN_NOT_FOUND', `User ${userId} has no live queue token`);
