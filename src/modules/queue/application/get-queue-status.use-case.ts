import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config.js';
import { Clock } from '../../../shared/domain/clock.js';
import { QueueStore, type QueuePlace } from '../domain/queue-store.js';
import { idleExpiryFrom, idleRefreshAfterMs } from './idle-refresh.js';
import type { QueueTicket } from './queue-ticket.js';
import { QueueTickets } from './queue-tickets.js';

@Injectable()
export class GetQueueStatusUseCase {
  private readonly refreshAfterMs: number;

  constructor(
    private readonly store: QueueStore,
    private readonly tickets: QueueTickets,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.refreshAfterMs = idleRefreshAfterMs(config);
  }

  /**
   * The caller's ticket, from the place the guard read for the token the caller sent; a poll of a WAITING token also
   * keeps it from idling out.
   */
  async execute(place: QueuePlace, token: string): Promise<QueueTicket> {
    const now = this.clock.now();
    if (place.token.needsIdleRefresh(now, this.refreshAfterMs)) {
      const idleExpiresAt = idleExpiryFrom(now, this.config);
      await this.store.refreshIdle(place.token.id, now, idleExpiresAt);
      return this.tickets.ticketOf(place, { token, expiresAt: idleExpiresAt });
    }
    return this.tickets.ticketOf(place, { token });
  }
}
