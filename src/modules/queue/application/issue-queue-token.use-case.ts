import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config.js';
import { Clock } from '../../../shared/domain/clock.js';
import { QueueStore } from '../domain/queue-store.js';
import { TokenCodec } from '../domain/token-codec.js';
import { idleExpiryFrom } from './idle-refresh.js';
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
    const idleExpiresAt = idleExpiryFrom(now, this.config);
    const nonce = this.codec.newNonce();
    const token = this.codec.tokenOf(nonce);
    const tokenHash = this.codec.hashOf(token);
    if (!tokenHash) throw new Error('TokenCodec produced a token it cannot hash');
    const { place, created } = await this.store.enqueue({ userId, tokenHash, nonce, now, idleExpiresAt });
    if (created) return { ticket: this.tickets.ticketOf(place, { token }), created };
    // Asking again counts as a poll.
    if (place.token.needsIdleRefresh(now, 0) && (await this.store.refreshIdle(place.token.id, now, idleExpiresAt)))
      return { ticket: this.tickets.ticketOf({ ...place, token: place.token.polledAt(now, idleExpiresAt) }), created };
    return { ticket: this.tickets.ticketOf(place), created };
  }
}
