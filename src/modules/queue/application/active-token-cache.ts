import { Injectable } from '@nestjs/common';
import { Clock } from '../../../shared/domain/clock.js';
import type { QueueToken } from '../domain/queue-token.js';

/**
 * How stale a cached ACTIVE token may be when it is served: a token another instance ended (a payment, an
 * operator's kick) is refused here at most this long after that end committed.
 */
export const TOKEN_CACHE_BOUND_MS = 100;
/** Tokens kept at most; the oldest go first. */
const MAX_ENTRIES = 100_000;
/** Revocations remembered, so that a store read racing one cannot put the ended token back. */
const REMEMBER_REVOKED_MS = 60_000;

/**
 * This instance's ACTIVE tokens, so the routes of an admitted user skip the store's lookup. An ACTIVE token changes
 * only by ending: its time running out (checked against expiresAt on every read), a payment or an operator's kick.
 * Those two come from the store's revocation feed (RevocationFeed), which this instance reads every few ms; an
 * entry is served only while that feed was read within TOKEN_CACHE_BOUND_MS — a read started after a revocation
 * committed sees it — so a revoked token can be accepted at most TOKEN_CACHE_BOUND_MS after its revocation, and
 * never when the feed falls behind (the guard then asks the store). Ends made by this instance apply at once.
 */
@Injectable()
export class ActiveTokenCache {
  private readonly byHash = new Map<string, QueueToken>();
  private readonly hashById = new Map<string, string>();
  private readonly revokedAt = new Map<string, number>();
  /** When the last successful read of the feed started (ms); -Infinity until the first one. */
  private feedReadAt = -Infinity;
  /** When the cache last started over (ms): a store read that began earlier may have missed a revocation. */
  private clearedAt = -Infinity;

  constructor(private readonly clock: Clock) {}

  /** The cached ACTIVE token, or null: the caller asks the store. */
  get(hash: string): QueueToken | null {
    const now = this.clock.now();
    if (now.getTime() - this.feedReadAt > TOKEN_CACHE_BOUND_MS) return null;
    const token = this.byHash.get(hash);
    if (token === undefined) return null;
    if (token.statusAt(now) !== 'ACTIVE') {
      this.drop(token.id);
      return null;
    }
    return token;
  }

  /**
   * Keeps a token the store returned ACTIVE from a read that started at `readStartedAt` (ms), unless a revocation of
   * it was seen meanwhile or the cache started over since the read began.
   */
  remember(hash: string, token: QueueToken, readStartedAt: number): void {
    if (readStartedAt < this.clearedAt || token.statusAt(this.clock.now()) !== 'ACTIVE') return;
    // The store read began before the revocation committed; a revoked token never becomes ACTIVE again.
    if (this.revokedAt.has(token.id)) return;
    if (this.byHash.size >= MAX_ENTRIES) {
      const oldest = this.byHash.keys().next().value;
      if (oldest !== undefined) this.drop(this.byHash.get(oldest)?.id ?? '');
    }
    this.byHash.set(hash, token);
    this.hashById.set(token.id, hash);
  }

  /** This instance ended the token (paid, kicked): refused from now on, without waiting for the feed. */
  forget(tokenId: string): void {
    this.revokedAt.set(tokenId, this.clock.now().getTime());
    this.drop(tokenId);
  }

  /** The feed's read that started at `readStartedAt` (ms) returned these revocations. */
  revoked(tokenIds: readonly string[], readStartedAt: number): void {
    for (const id of tokenIds) {
      this.revokedAt.set(id, readStartedAt);
      this.drop(id);
    }
    this.feedReadAt = Math.max(this.feedReadAt, readStartedAt);
    for (const [id, at] of this.revokedAt) {
      if (at >= readStartedAt - REMEMBER_REVOKED_MS) break;
      this.revokedAt.delete(id);
    }
  }

  /**
   * The feed lost track (a long outage: revocations of the gap may be gone): nothing cached can be trusted, nor any
   * store read already under way.
   */
  clear(): void {
    this.byHash.clear();
    this.hashById.clear();
    this.feedReadAt = -Infinity;
    this.clearedAt = this.clock.now().getTime();
  }

  get size(): number {
    return this.byHash.size;
  }

  private drop(tokenId: string): void {
    const hash = this.hashById.get(tokenId);
    if (hash === undefined) return;
    this.hashById.delete(tokenId);
    this.byHash.delete(hash);
  }
}
