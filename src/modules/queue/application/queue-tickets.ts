import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config.js';
import { Clock } from '../../../shared/domain/clock.js';
import type { QueuePlace } from '../domain/queue-store.js';
import { TokenCodec } from '../domain/token-codec.js';
import { estimateWaitSeconds, pollAfterSeconds, type QueueLimits } from '../domain/wait-estimate.js';
import type { QueueTicket } from './queue-ticket.js';

/**
 * Builds the client's view of a token from what one store read returned: status as of now, position, and the wait
 * estimated from the admission snapshot that every instance shares, so no two instances disagree on an estimate.
 */
@Injectable()
export class QueueTickets {
  private readonly limits: QueueLimits;

  constructor(
    private readonly codec: TokenCodec,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.limits = config.queue;
  }

  /**
   * `token`: the token's value when the caller has it at hand (a poll sends it; a new token was just made), which
   * spares the HMAC that derives it from the stored nonce.
   */
  ticketOf(place: QueuePlace, options: { token?: string } = {}): QueueTicket {
    const status = place.token.statusAt(this.clock.now());
    // A token admitted between the store's two reads of one script cannot happen (one atomic read); 1 is the floor.
    const position = status === 'WAITING' ? (place.position ?? 1) : 0;
    const estimatedWaitSeconds = estimateWaitSeconds(position, place.snapshot, this.limits);
    return {
      token: options.token ?? this.codec.tokenOf(place.token.nonce),
      userId: place.token.userId,
      status,
      position,
      estimatedWaitSeconds,
      pollAfterSeconds: pollAfterSeconds(status, estimatedWaitSeconds, this.limits),
      expiresAt: place.token.expiresAt,
    };
  }
}
