import { Injectable } from '@nestjs/common';
import type { QueuePlace } from '../domain/queue-store.js';
import type { QueueTicket } from './queue-ticket.js';
import { QueueTickets } from './queue-tickets.js';

@Injectable()
export class GetQueueStatusUseCase {
  constructor(private readonly tickets: QueueTickets) {}

  /**
   * The caller's ticket, from the place the guard read for the token the caller sent. That read was the poll: it
   * already kept a WAITING token from idling out (AuthenticateQueueTokenUseCase), so the ticket shows the new expiry.
   */
  execute(place: QueuePlace, token: string): QueueTicket {
    return this.tickets.ticketOf(place, { token });
  }
}
