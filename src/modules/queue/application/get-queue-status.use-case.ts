import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config.js';
import { Clock } from '../../../shared/domain/clock.js';
import { QueueStore } from '../domain/queue-store.js';
import type { QueueToken } from '../domain/queue-token.js';
import type { QueueTicket } from './queue-ticket.js';
import { QueueTickets } from './queue-tickets.js';

@Injectable()
export class GetQueueStatusUseCase {
  constructor(
    private readonly store: QueueStore,
    private readonly tickets: QueueTickets,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** The caller's ticket; a poll of a WAITING token also keeps it from being dropped as idle. */
  async execute(token: QueueToken): Promise<QueueTicket> {
    const now = this.clock.now();
    const idleMs = this.config.queue.waitingIdleSeconds * 1000;
    // Refresh at most every tenth of the idle time (1–30 s): idle detection stays within 10 %, polls stay reads.
    const refreshAfterMs = Math.min(30_000, Math.max(1000, idleMs / 10));
    if (token.needsIdleRefresh(now, refreshAfterMs)) {
      const idleExpiresAt = new Date(now.getTime() + idleMs);
      await this.store.refreshIdle(token.id, now, idleExpiresAt);
      return this.tickets.ticketOf(token, idleExpiresAt);
    }
    return this.tickets.ticketOf(token);
  }
}
