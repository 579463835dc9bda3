import { DomainError } from '../../../shared/domain/domain-error.js';
import { PointAmount, type PointLimits } from './point-amount.js';
import { PointWallet } from './point-wallet.js';

const limits: PointLimits = { maxCharge: 1_000_000, maxBalance: 10_000_000 };

function codeOf(work: () => unknown): string | undefined {
  try {
    work();
  } catch (error) {
    return error instanceof DomainError ? error.code : 'not a DomainError';
  }
  return undefined;
}

describe('PointAmount', () => {
  it.each([1, 50_000, 1_000_000])('accepts a charge of %d', (value) => {
    expect(PointAmount.toCharge(value, limits).value).toBe(value);
  });

  it.each([0, -5, 1.5, 1_000_001, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])(
    'refuses a charge of %d with VALIDATION_FAILED',
    (value) => {
      expect(codeOf(() => PointAmount.toCharge(value, limits))).toBe('VALIDATION_FAILED');
    },
  );

  it('names the largest charge in the message', () => {
    expect(() => PointAmount.toCharge(0, limits)).toThrow('amount must be an integer from 1 to 1000000');
  });

  it('accepts any positive integer to use, even above the largest charge', () => {
    expect(PointAmount.of(5_000_000).value).toBe(5_000_000);
  });

  it.each([0, -1, 0.5])('refuses to use %d', (value) => {
    expect(codeOf(() => PointAmount.of(value))).toBe('VALIDATION_FAILED');
  });
});

describe('PointWallet', () => {
  it('starts empty for a user who never charged', () => {
    const wallet = PointWallet.empty('u1');
    expect(wallet.userId).toBe('u1');
    expect(wallet.balance).toBe(0);
  });

  it('refuses an impossible balance', () => {
    expect(() => PointWallet.of('u1', -1)).toThrow();
    expect(() => PointWallet.of('u1', 0.5)).toThrow();
  });

  it('may be charged up to exactly the cap, never past it (BALANCE_LIMIT_EXCEEDED beyond the ceiling)', () => {
    const amount = PointAmount.toCharge(1_000, limits);
    const ceiling = PointWallet.chargeCeiling(amount, limits);
    expect(ceiling).toBe(limits.maxBalance - 1_000);
    expect(ceiling + amount.value).toBe(limits.maxBalance);
    expect(PointWallet.chargeCeiling(PointAmount.toCharge(1, limits), limits)).toBe(limits.maxBalance - 1);
  });

  it('may be used down to exactly 0, never below (INSUFFICIENT_BALANCE under the floor)', () => {
    const amount = PointAmount.of(80_000);
    expect(PointWallet.useFloor(amount)).toBe(80_000);
    expect(PointWallet.useFloor(amount) - amount.value).toBe(0);
  });

  it('states its rules as the guards the repository enforces in SQL', () => {
    const amount = PointAmount.toCharge(1_000, limits);
    expect(PointWallet.chargeCeiling(amount, limits)).toBe(limits.maxBalance - 1_000);
    expect(PointWallet.useFloor(amount)).toBe(1_000);
  });
});
