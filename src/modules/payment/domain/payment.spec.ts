import { DomainError } from '../../../shared/domain/domain-error.js';
import { isIdempotencyKey, parseIdempotencyKey } from './idempotency-key.js';
import { IdempotencyRecord } from './idempotency-record.js';
import type { PaymentReceipt } from './payment.js';

const receipt: PaymentReceipt = {
  paymentId: 9,
  reservationId: 42,
  amount: 80000,
  balance: 70000,
  status: 'COMPLETED',
  paidAt: '2026-12-01T10:00:00.000Z',
};

describe('Idempotency-Key', () => {
  it.each(['a', 'A-1_b.c~!', '!'.repeat(64), 'x'.repeat(64), '550e8400-e29b-41d4-a716-446655440000'])(
    'accepts %s',
    (key) => {
      expect(parseIdempotencyKey(key)).toBe(key);
      expect(isIdempotencyKey(key)).toBe(true);
    },
  );

  it('treats an absent header as no key', () => {
    expect(parseIdempotencyKey(undefined)).toBeUndefined();
  });

  it.each(['', 'has space', 'x'.repeat(65), 'tab\there', 'é', 'line\n'])('refuses %j with VALIDATION_FAILED', (key) => {
    expect(() => parseIdempotencyKey(key)).toThrow(DomainError);
    expect(() => parseIdempotencyKey(key)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(isIdempotencyKey(key)).toBe(false);
  });

  it('refuses a repeated header', () => {
    expect(() => parseIdempotencyKey(['a', 'b'])).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});

describe('IdempotencyRecord', () => {
  const record = new IdempotencyRecord('user', 'key', 'hash-1', '77', receipt);

  it('replays the stored receipt for the same request', () => {
    expect(record.replay('hash-1')).toBe(receipt);
  });

  it('refuses the same key with another request', () => {
    expect(() => record.replay('hash-2')).toThrow(expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED' }));
  });

  it('recognises a replay only with the token it was paid with and the same request', () => {
    expect(record.isReplayWith('77', 'hash-1')).toBe(true);
    expect(record.isReplayWith('78', 'hash-1')).toBe(false);
    expect(record.isReplayWith('77', 'hash-2')).toBe(false);
  });
});
