import { QueueToken, type QueueTokenStatus } from './queue-token.js';

const now = new Date('2026-12-01T10:00:00.000Z');
const at = (offsetMs: number) => new Date(now.getTime() + offsetMs);

function token(
  status: QueueTokenStatus,
  expiresInMs: number,
  options: { endedReason?: 'IDLE' | 'TTL' | 'PAID'; lastSeenAgoMs?: number } = {},
) {
  return new QueueToken(
    '1',
    'u',
    new Uint8Array(16),
    status,
    options.endedReason ?? null,
    at(-(options.lastSeenAgoMs ?? 0)),
    status === 'ACTIVE' ? at(-1000) : null,
    at(expiresInMs),
  );
}

describe('QueueToken', () => {
  it('is WAITING or ACTIVE until it expires, EXPIRED from then on, before any job marks it', () => {
    expect(token('WAITING', 1).statusAt(now)).toBe('WAITING');
    expect(token('ACTIVE', 1).statusAt(now)).toBe('ACTIVE');
    expect(token('WAITING', 0).statusAt(now)).toBe('EXPIRED');
    expect(token('ACTIVE', 0).statusAt(now)).toBe('EXPIRED');
    expect(token('EXPIRED', 60_000).statusAt(now)).toBe('EXPIRED');
    expect(token('ACTIVE', 1).isLiveAt(now)).toBe(true);
    expect(token('ACTIVE', 0).isLiveAt(now)).toBe(false);
  });

  it.each([
    ['WAITING', 'live', 'ok'],
    ['WAITING', 'active', 'QUEUE_TOKEN_NOT_ACTIVE'],
    ['ACTIVE', 'live', 'ok'],
    ['ACTIVE', 'active', 'ok'],
    ['EXPIRED', 'live', 'QUEUE_TOKEN_INVALID'],
    ['EXPIRED', 'active', 'QUEUE_TOKEN_INVALID'],
  ] as const)('a %s token on a %s route → %s', (status, requirement, verdict) => {
    expect(token(status, 60_000).verdict(requirement, now)).toBe(verdict);
  });

  it('refuses an ACTIVE token whose time ran out, as invalid rather than not active', () => {
    expect(token('ACTIVE', 0).verdict('active', now)).toBe('QUEUE_TOKEN_INVALID');
    expect(token('WAITING', 0).verdict('active', now)).toBe('QUEUE_TOKEN_INVALID');
  });

  it('knows when a payment ended it', () => {
    expect(token('EXPIRED', 0, { endedReason: 'PAID' }).endedByPayment).toBe(true);
    expect(token('EXPIRED', 0, { endedReason: 'TTL' }).endedByPayment).toBe(false);
    expect(token('ACTIVE', 1000).endedByPayment).toBe(false);
  });

  it('asks for an idle refresh only for a live WAITING token last seen long enough ago', () => {
    expect(token('WAITING', 60_000, { lastSeenAgoMs: 10_000 }).needsIdleRefresh(now, 10_000)).toBe(true);
    expect(token('WAITING', 60_000, { lastSeenAgoMs: 9_999 }).needsIdleRefresh(now, 10_000)).toBe(false);
    expect(token('ACTIVE', 60_000, { lastSeenAgoMs: 99_000 }).needsIdleRefresh(now, 10_000)).toBe(false);
    expect(token('WAITING', 0, { lastSeenAgoMs: 99_000 }).needsIdleRefresh(now, 10_000)).toBe(false);
  });
});
