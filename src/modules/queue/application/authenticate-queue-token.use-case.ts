import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config.js';
import { Clock } from '../../../shared/domain/clock.js';
import { type IdlePoll, type QueuePlace, QueueStore } from '../domain/queue-store.js';
import type { QueueToken, TokenRequirement, TokenVerdict } from '../domain/queue-token.js';
import { ActiveTokenCache } from './active-token-cache.js';
import { idleExpiryFrom, idleRefreshAfterMs } from './idle-refresh.js';

export type Authentication =
  | { token: QueueToken; place: QueuePlace | null; verdict: TokenVerdict }
  | { token: null; place: null; verdict: 'QUEUE_TOKEN_INVALID' };

const INVALID: Authentication = { token: null, place: null, verdict: 'QUEUE_TOKEN_INVALID' };

/** What the lookup reads besides the token: nothing, the token's place, or the place of a poll (which also writes). */
export type PlaceRead = 'none' | 'read' | 'poll';

/**
 * The guard's question: whose token is this, and may it use a route of this class? An ACTIVE token this instance
 * has seen is answered from memory (ActiveTokenCache); anything else is one indexed lookup in the store. A poll
 * asks for the token's place too, and keeps a WAITING token from idling out, in that same round trip: on Redis a
 * deep poll is one script whether it writes or not.
 */
@Injectable()
export class AuthenticateQueueTokenUseCase {
  private readonly refreshAfterMs: number;

  constructor(
    private readonly store: QueueStore,
    private readonly cache: ActiveTokenCache,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {
    this.refreshAfterMs = idleRefreshAfterMs(config);
  }

  /**
   * `hash`: the token's lookup hash (TokenCodec.hashOf). `place`: 'poll' for a poll let through (GET /queue/status):
   * its place is read and a WAITING token is kept from idling out; 'read' for the place alone.
   */
  async execute(hash: Uint8Array, requirement: TokenRequirement, place: PlaceRead = 'none'): Promise<Authentication> {
    const key = Buffer.from(hash).toString('hex');
    if (place === 'none') {
      const cached = this.cache.get(key);
      if (cached) return { token: cached, place: null, verdict: cached.verdict(requirement, this.clock.now()) };
    }
    const now = this.clock.now();
    const readStartedAt = now.getTime();
    const read =
      place === 'none'
        ? null
        : await this.store.findWithPosition(hash, place === 'poll' ? this.idlePoll(now) : undefined);
    const token = read?.token ?? (place === 'none' ? await this.store.find(hash) : null);
    if (!token) return INVALID;
    this.cache.remember(key, token, readStartedAt);
    return { token, place: read, verdict: token.verdict(requirement, this.clock.now()) };
  }

  private idlePoll(now: Date): IdlePoll {
    return { now, refreshAfterMs: this.refreshAfterMs, idleExpiresAt: idleExpiryFrom(now, this.config) };
  }
}
