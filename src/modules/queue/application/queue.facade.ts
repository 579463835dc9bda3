import { Injectable } from '@nestjs/common';
import { Clock } from '../../../shared/domain/clock.js';
import { QueueStore } from '../domain/queue-store.js';

/** What other modules may ask of the queue. */
@Injectable()
export class QueueFacade {
  constructor(
    private readonly store: QueueStore,
    private readonly clock: Clock,
  ) {}

  /** Ends the token after its payment: the next call with it is 401, its slot goes to the next user at the next tick. */
  expireAfterPayment(tokenId: string): Promise<boolean> {
    return this.store.expire(tokenId, 'PAID', this.clock.now());
  }

  /** Rejects when the queue's store (the database or Redis) does not answer. */
  checkStore(): Promise<void> {
    return this.store.ping();
  }
}
