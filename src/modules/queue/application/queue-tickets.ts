import { Injectable } from '@nestjs/common';
import { Clock } from '../../../shared/domain/clock.js';
import { QueueStore } from '../domain/queue-store.js';
import type { QueueToken } from '../domain/queue-token.js';
import { TokenCodec } from '../domain/token-codec.js';
import type { QueueTicket } from './queue-ticket.js';
import { WaitEstimator } from './wait-estimator.js';

/** Builds the client's view of a token: status, position and wait as of now. */
@Injectable()
export class QueueTickets {
  constructor(
    private readonly store: QueueStore,
    private readonly codec: TokenCodec,
    private readonly estimator: WaitEstimator,
    private readonly clock: Clock,
  ) {}

  async ticketOf(token: QueueToken, expiresAt: Date = token.expiresAt): Promise<QueueTicket> {
    const now = this.clock.now();
    const status = token.statusAt(now);
    const position = status === 'WAITING' ? await this.store.position(token, now) : 0;
    return {
      token: this.codec.tokenOf(token.nonce),
      userId: token.userId,
      status,
      position,
      estimatedWaitSeconds: await this.estimator.estimate(position),
      expiresAt,
    };
  }
}
