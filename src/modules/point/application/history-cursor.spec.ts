import { DomainError } from '../../../shared/domain/domain-error.js';
import { HistoryCursor } from './history-cursor.js';

describe('HistoryCursor', () => {
  it.each([1, 42, 9_007_199_254_740_991])('round-trips id %d', (id) => {
    const cursor = HistoryCursor.encode(id);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(HistoryCursor.decode(cursor)).toBe(id);
  });

  const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

  it.each([
    ['empty', ''],
    ['not base64url', 'abc+/=='],
    ['a bare number', '42'],
    ['no prefix', b64('42')],
    ['another version', b64('h2:42')],
    ['zero', b64('h1:0')],
    ['negative', b64('h1:-5')],
    ['leading zero', b64('h1:042')],
    ['a fraction', b64('h1:4.5')],
    ['trailing text', b64('h1:42x')],
    ['too large', b64('h1:99999999999999999')],
    ['padded', `${HistoryCursor.encode(42)}==`],
    ['too long', 'A'.repeat(65)],
  ])('refuses %s with VALIDATION_FAILED', (_name, cursor) => {
    let error: unknown;
    try {
      HistoryCursor.decode(cursor);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('VALIDATION_FAILED');
  });

  it('refuses a cursor with a flipped character', () => {
    const cursor = HistoryCursor.encode(1234);
    const flipped = `${cursor.slice(0, -1)}${cursor.endsWith('A') ? 'B' : 'A'}`;
    expect(() => HistoryCursor.decode(flipped)).toThrow(DomainError);
  });
});
