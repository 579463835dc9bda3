import { estimateWaitSeconds, pollAfterSeconds } from './wait-estimate.js';

const limits = { maxActive: 100, activeTtlSeconds: 600, waitingIdleSeconds: 300 };

describe('estimateWaitSeconds', () => {
  it('is 0 for an ACTIVE token (position 0)', () => {
    expect(estimateWaitSeconds(0, { admitted: 10, seconds: 10, maxActive: 100 }, limits)).toBe(0);
    expect(estimateWaitSeconds(0, null, limits)).toBe(0);
  });

  it('uses the configuration before any admission was observed: ceil(position × TTL / maxActive)', () => {
    expect(estimateWaitSeconds(1, null, limits)).toBe(6);
    expect(estimateWaitSeconds(12, null, limits)).toBe(72);
    expect(estimateWaitSeconds(1, null, { ...limits, maxActive: 7, activeTtlSeconds: 10 })).toBe(2);
  });

  it('takes the active-set size in force at the last tick when nothing was admitted yet', () => {
    expect(estimateWaitSeconds(5, { admitted: 0, seconds: 30, maxActive: 100 }, limits)).toBe(30);
    expect(estimateWaitSeconds(5, { admitted: 0, seconds: 30, maxActive: 10 }, limits)).toBe(300);
  });

  it('uses the observed admission rate when there is one, rounded up', () => {
    // 50 admitted over 100 s: 0.5 per second
    expect(estimateWaitSeconds(10, { admitted: 50, seconds: 100, maxActive: 100 }, limits)).toBe(20);
    expect(estimateWaitSeconds(1, { admitted: 3, seconds: 1, maxActive: 100 }, limits)).toBe(1);
    expect(estimateWaitSeconds(7, { admitted: 2, seconds: 1, maxActive: 100 }, limits)).toBe(4);
  });

  it('is a non-negative integer that never decreases as the position grows, for any one snapshot', () => {
    const snapshots = [null, { admitted: 7, seconds: 3.3, maxActive: 100 }, { admitted: 0, seconds: 1, maxActive: 3 }];
    for (const snapshot of snapshots) {
      let previous = 0;
      for (let position = 1; position <= 2000; position++) {
        const value = estimateWaitSeconds(position, snapshot, limits);
        expect(Number.isInteger(value)).toBe(true);
        expect(value).toBeGreaterThanOrEqual(previous);
        previous = value;
      }
    }
  });
});

describe('pollAfterSeconds', () => {
  it('is 0 for an ACTIVE token', () => {
    expect(pollAfterSeconds('ACTIVE', 0, limits)).toBe(0);
  });

  it('is a tenth of the estimate, rounded up, at least 1 s', () => {
    expect(pollAfterSeconds('WAITING', 0, limits)).toBe(1);
    expect(pollAfterSeconds('WAITING', 1, limits)).toBe(1);
    expect(pollAfterSeconds('WAITING', 10, limits)).toBe(1);
    expect(pollAfterSeconds('WAITING', 11, limits)).toBe(2);
    expect(pollAfterSeconds('WAITING', 250, limits)).toBe(25);
  });

  it('never exceeds 30 s nor a third of the idle timeout, so a client that follows it is never dropped', () => {
    expect(pollAfterSeconds('WAITING', 100_000, limits)).toBe(30);
    expect(pollAfterSeconds('WAITING', 100_000, { ...limits, waitingIdleSeconds: 60 })).toBe(20);
    expect(pollAfterSeconds('WAITING', 100_000, { ...limits, waitingIdleSeconds: 4 })).toBe(1);
    expect(pollAfterSeconds('WAITING', 100_000, { ...limits, waitingIdleSeconds: 1 })).toBe(1);
  });

  it('never decreases as the estimate grows', () => {
    let previous = 0;
    for (let estimate = 0; estimate <= 1000; estimate++) {
      const value = pollAfterSeconds('WAITING', estimate, limits);
      expect(value).toBeGreaterThanOrEqual(previous);
      previous = value;
    }
  });
});
