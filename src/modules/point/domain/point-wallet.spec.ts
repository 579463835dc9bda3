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

  it('adds a charge and records the balance after it', () => {
    const wallet = PointWallet.of('u1', 100_000);
    expect(wallet.charge(PointAmount.toCharge(50_000, limits), limits)).toEqual({
      type: 'CHARGE',
      amount: 50_000,
      balanceAfter: 150_000,
    });
    expect(wallet.balance).toBe(150_000);
  });

  it('may charge up to exactly the cap', () => {
    const wallet = PointWallet.of('u1', limits.maxBalance - 1_000);
    wallet.charge(PointAmount.toCharge(1_000, limits), limits);
    expect(wallet.balance).toBe(limits.maxBalance);
  });

  it('refuses a charge that would pass the cap with BALANCE_LIMIT_EXCEEDED and keeps the balance', () => {
    const wallet = PointWallet.of('u1', limits.maxBalance - 999);
    expect(codeOf(() => wallet.charge(PointAmount.toCharge(1_000, limits), limits))).toBe('BALANCE_LIMIT_EXCEEDED');
    expect(wallet.balance).toBe(limits.maxBalance - 999);
  });

  it('refuses any charge on a full wallet', () => {
    const wallet = PointWallet.of('u1', limits.maxBalance);
    expect(codeOf(() => wallet.charge(PointAmount.toCharge(1, limits), limits))).toBe('BALANCE_LIMIT_EXCEEDED');
  });

  it('takes a use and records the balance after it', () => {
    const wallet = PointWallet.of('u1', 100_000);
    expect(wallet.use(PointAmount.of(80_000))).toEqual({ type: 'USE', amount: 80_000, balanceAfter: 20_000 });
    expect(wallet.balance).toBe(20_000);
  });

  it('may use the whole balance', () => {
    const wallet = PointWallet.of('u1', 80_000);
    wallet.use(PointAmount.of(80_000));
    expect(wallet.balance).toBe(0);
  });

  it('refuses a use above the balance with INSUFFICIENT_BALANCE and keeps the balance', () => {
    const wallet = PointWallet.of('u1', 79_999);
    expect(codeOf(() => wallet.use(PointAmount.of(80_000)))).toBe('INSUFFICIENT_BALANCE');
    expect(wallet.balance).toBe(79_999);
    expect(codeOf(() => PointWallet.empty('u2').use(PointAmount.of(1)))).toBe('INSUFFICIENT_BALANCE');
  });

  it('states its rules as the guards the repository enforces in SQL', () => {
    const amount = PointAmount.toCharge(1_000, limits);
    expect(PointWallet.chargeCeiling(amount, limits)).toBe(limits.maxBalance - 1_000);
    expect(PointWallet.useFloor(amount)).toBe(1_000);
  });
});
