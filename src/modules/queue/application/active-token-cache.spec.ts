import { ManualClock } from '../../../../test/support/test-clock.js';
import { QueueToken, type QueueTokenStatus } from '../domain/queue-token.js';
import { ActiveTokenCache, TOKEN_CACHE_BOUND_MS } from './active-token-cache.js';

describe('ActiveTokenCache', () => {
  let clock: ManualClock;
  let cache: ActiveTokenCache;
  const token = (id: string, status: QueueTokenStatus = 'ACTIVE', lifetimeMs = 60_000) =>
    new QueueToken(
      id,
      `user-${id}`,
      new Uint8Array(16),
      status,
      null,
      clock.now(),
      clock.now(),
      new Date(clock.now().getTime() + lifetimeMs),
    );
  /** A read of the revocation feed that started now and found `ids`. */
  const feedRead = (...ids: string[]) => cache.revoked(ids, clock.now().getTime());

  beforeEach(() => {
    clock = new ManualClock();
    cache = new ActiveTokenCache(clock);
  });

  it('serves nothing before the revocation feed has been read', () => {
    cache.remember('h1', token('1'), clock.now().getTime());
    expect(cache.get('h1')).toBeNull();
    feedRead();
    expect(cache.get('h1')?.id).toBe('1');
  });

  it('keeps only ACTIVE tokens', () => {
    feedRead();
    cache.remember('h1', token('1', 'WAITING'), clock.now().getTime());
    cache.remember('h2', token('2', 'EXPIRED'), clock.now().getTime());
    expect([cache.get('h1'), cache.get('h2'), cache.size]).toEqual([null, null, 0]);
  });

  it('stops serving the moment the token’s active time runs out', () => {
    feedRead();
    cache.remember('h1', token('1', 'ACTIVE', 50), clock.now().getTime());
    clock.advance(49);
    expect(cache.get('h1')?.id).toBe('1');
    clock.advance(1);
    expect(cache.get('h1')).toBeNull();
    expect(cache.size).toBe(0);
  });

  it(`serves nothing once the feed was last read more than ${TOKEN_CACHE_BOUND_MS} ms ago`, () => {
    feedRead();
    cache.remember('h1', token('1'), clock.now().getTime());
    clock.advance(TOKEN_CACHE_BOUND_MS);
    expect(cache.get('h1')?.id).toBe('1');
    clock.advance(1);
    expect(cache.get('h1')).toBeNull();
    feedRead();
    expect(cache.get('h1')?.id).toBe('1');
  });

  it('drops a token the feed reports revoked, and never takes it back from a read that began before', () => {
    feedRead();
    cache.remember('h1', token('1'), clock.now().getTime());
    feedRead('1');
    expect(cache.get('h1')).toBeNull();
    // A store read that started before the revocation committed still saw the token ACTIVE.
    cache.remember('h1', token('1'), clock.now().getTime());
    expect(cache.get('h1')).toBeNull();
  });

  it('drops a token this instance ended at once, without waiting for the feed', () => {
    feedRead();
    cache.remember('h1', token('1'), clock.now().getTime());
    cache.remember('h2', token('2'), clock.now().getTime());
    cache.forget('1');
    expect(cache.get('h1')).toBeNull();
    expect(cache.get('h2')?.id).toBe('2');
    cache.remember('h1', token('1'), clock.now().getTime());
    expect(cache.get('h1')).toBeNull();
  });

  it('trusts nothing after clear() until the feed is read again, nor a store read begun before it', () => {
    feedRead();
    cache.remember('h1', token('1'), clock.now().getTime());
    const readBefore = clock.now().getTime();
    clock.advance(5);
    cache.clear();
    cache.remember('h1', token('1'), clock.now().getTime());
    expect(cache.get('h1')).toBeNull();
    feedRead();
    expect(cache.get('h1')?.id).toBe('1');
    // A read that was under way when the cache started over may have missed a revocation of the feed's gap.
    cache.remember('h2', token('2'), readBefore);
    expect(cache.get('h2')).toBeNull();
  });
});
