import { Injectable } from '@nestjs/common';
import { Clock } from '../../../shared/domain/clock.js';
import { QueueStore } from '../domain/queue-store.js';
import { ActiveTokenCache } from './active-token-cache.js';

/** What other modules may ask of the queue. */
@Injectable()
export class QueueFacade {
  constructor(
    private readonly store: QueueStore,
    private readonly cache: ActiveTokenCache,
    private readonly clock: Clock,
  ) {}

  /**
   * Ends the token after its payment: the next call with it is 401 (on this instance at once, on the others within
   * TOKEN_CACHE_BOUND_MS), and its slot goes to the next user at the next tick.
   */
  async expireAfterPayment(tokenId: string): Promise<boolean> {
    const ended = await this.store.expire(tokenId, 'PAID', this.clock.now());
    this.cache.forget(tokenId);
    return ended;
  }
}
