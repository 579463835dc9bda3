import { DomainError } from '../../../shared/domain/domain-error.js';

export const invalidPointAmount = (message: string) => new DomainError('VALIDATION_FAILED', message);

export const balanceLimitExceeded = (amount: number, maxBalance: number) =>
  new DomainError('BALANCE_LIMIT_EXCEEDED', `Charging ${amount} would lift the balance above ${maxBalance}`);

export const insufficientBalance = (amount: number) =>
  new DomainError('INSUFFICIENT_BALANCE', `The balance is below ${amount}`);
