import { Injectable } from '@nestjs/common';
import { Clock } from '../../../shared/domain/clock.js';
import { type QueuePlace, QueueStore } from '../domain/queue-store.js';
import type { QueueToken, TokenRequirement, TokenVerdict } from '../domain/queue-token.js';
import { ActiveTokenCache } from './active-token-cache.js';

export type Authentication =
  | { token: QueueToken; place: QueuePlace | null; verdict: TokenVerdict }
  | { token: null; place: null; verdict: 'QUEUE_TOKEN_INVALID' };

const INVALID: Authentication = { token: null, place: null, verdict: 'QUEUE_TOKEN_INVALID' };

/**
 * The guard's question: whose token is this, and may it use a route of this class? An ACTIVE token this instance
 * has seen is answered from memory (ActiveTokenCache); anything else is one indexed lookup in the store. A poll
 * asks for the token's place too, read in that same round trip.
 */
@Injectable()
export class AuthenticateQueueTokenUseCase {
  constructor(
    private readonly store: QueueStore,
    private readonly cache: ActiveTokenCache,
    private readonly clock: Clock,
  ) {}

  /** `hash`: the token's lookup hash (TokenCodec.hashOf). */
  async execute(hash: Uint8Array, requirement: TokenRequirement, withPlace = false): Promise<Authentication> {
    const key = Buffer.from(hash).toString('hex');
    if (!withPlace) {
      const cached = this.cache.get(key);
      if (cached) return { token: cached, place: null, verdict: cached.verdict(requirement, this.clock.now()) };
    }
    const readStartedAt = this.clock.now().getTime();
    const place = withPlace ? await this.store.findWithPosition(hash) : null;
    const token = place?.token ?? (withPlace ? null : await this.store.find(hash));
    if (!token) return INVALID;
    this.cache.remember(key, token, readStartedAt);
    return { token, place, verdict: token.verdict(requirement, this.clock.now()) };
  }
}
