import { Injectable } from '@nestjs/common';
import { Clock } from '../../../shared/domain/clock.js';
import { QueueStore } from '../domain/queue-store.js';
import type { QueueToken, TokenRequirement, TokenVerdict } from '../domain/queue-token.js';
import { TokenCodec } from '../domain/token-codec.js';

export type Authentication =
  { token: QueueToken; verdict: TokenVerdict } | { token: null; verdict: 'QUEUE_TOKEN_INVALID' };

/** The guard's question: whose token is this, and may it use a route of this class? One indexed lookup. */
@Injectable()
export class AuthenticateQueueTokenUseCase {
  constructor(
    private readonly store: QueueStore,
    private readonly codec: TokenCodec,
    private readonly clock: Clock,
  ) {}

  async execute(rawToken: string, requirement: TokenRequirement): Promise<Authentication> {
    const hash = this.codec.hashOf(rawToken);
    const token = hash ? await this.store.findByTokenHash(hash) : null;
    if (!token) return { token: null, verdict: 'QUEUE_TOKEN_INVALID' };
    return { token, verdict: token.verdict(requirement, this.clock.now()) };
  }
}
