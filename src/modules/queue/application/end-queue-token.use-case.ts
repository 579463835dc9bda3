import { Injectable } from '@nestjs/common';
import { Clock } from '../../../shared/domain/clock.js';
import { queueTokenNotFound } from '../domain/queue.errors.js';
import { QueueStore } from '../domain/queue-store.js';
import { ActiveTokenCache } from './active-token-cache.js';

/**
 * An operator ends a user's live token: its next request is 401. An ACTIVE token's place goes to the next waiting
 * user at the next tick; a WAITING token's followers move up one at once.
 */
@Injectable()
export class EndQueueTokenUseCase {
  constructor(
    private readonly store: QueueStore,
    private readonly cache: ActiveTokenCache,
    private readonly clock: Clock,
  ) {}

  async execute(userId: string): Promise<{ userId: string; status: 'EXPIRED' }> {
    const ended = await this.store.expireLiveOf(userId, 'KICKED', this.clock.now());
    if (!ended) throw queueTokenNotFound(userId);
    this.cache.forget(ended.id);
    return { userId, status: 'EXPIRED' };
  }
}
