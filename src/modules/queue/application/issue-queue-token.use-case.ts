import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config.js';
import { Clock } from '../../../shared/domain/clock.js';
import { QueueStore } from '../domain/queue-store.js';
import { TokenCodec } from '../domain/token-codec.js';
import type { QueueTicket } from './queue-ticket.js';
import { QueueTickets } from './queue-tickets.js';

/** Gives a user a place at the back of the line, or the live token the user already has. */
@Injectable()
export class IssueQueueTokenUseCase {
  constructor(
    private readonly store: QueueStore,
    private readonly codec: TokenCodec,
    private readonly tickets: QueueTickets,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async execute(userId: string): Promise<{ ticket: QueueTicket; created: boolean }> {
    const now = this.clock.now();
    const idleExpiresAt = new Date(now.getTime() + this.config.queue.waitingIdleSeconds * 1000);
    const nonce = this.codec.newNonce();
    const tokenHash = this.codec.hashOf(this.codec.tokenOf(nonce));
    if (!tokenHash) throw new Error('TokenCodec produced a token it cannot hash');
    const { token, created } = await this.store.enqueue({ userId, tokenHash, nonce, now, idleExpiresAt });
    if (!created && token.needsIdleRefresh(now, 0)) {
      // Asking again counts as a poll.
      await this.store.refreshIdle(token.id, now, idleExpiresAt);
      return { ticket: await this.tickets.ticketOf(token, idleExpiresAt), created };
    }
    return { ticket: await this.tickets.ticketOf(token), created };
  }
}
