import { estimateWaitSeconds } from './wait-estimate.js';

const limits = { maxActive: 100, activeTtlSeconds: 600 };

describe('estimateWaitSeconds', () => {
  it('is 0 for an ACTIVE token (position 0)', () => {
    expect(estimateWaitSeconds(0, { admitted: 10, seconds: 10 }, limits)).toBe(0);
    expect(estimateWaitSeconds(0, null, limits)).toBe(0);
  });

  it('uses the configuration before any admission was observed: ceil(position × TTL / maxActive)', () => {
    expect(estimateWaitSeconds(1, null, limits)).toBe(6);
    expect(estimateWaitSeconds(12, null, limits)).toBe(72);
    expect(estimateWaitSeconds(1, null, { maxActive: 7, activeTtlSeconds: 10 })).toBe(2);
    expect(estimateWaitSeconds(5, { admitted: 0, seconds: 30 }, limits)).toBe(30);
  });

  it('uses the observed admission rate when there is one, rounded up', () => {
    // 50 admitted over 100 s: 0.5 per second
    expect(estimateWaitSeconds(10, { admitted: 50, seconds: 100 }, limits)).toBe(20);
    expect(estimateWaitSeconds(1, { admitted: 3, seconds: 1 }, limits)).toBe(1);
    expect(estimateWaitSeconds(7, { admitted: 2, seconds: 1 }, limits)).toBe(4);
  });

  it('is always a non-negative integer', () => {
    for (const position of [1, 2, 3, 99, 1000]) {
      const value = estimateWaitSeconds(position, { admitted: 7, seconds: 3.3 }, limits);
      expect(Number.isInteger(value)).toBe(true);
      expect(value).toBeGreaterThanOrEqual(0);
    }
  });
});
