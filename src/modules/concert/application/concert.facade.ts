import { Injectable } from '@nestjs/common';
import { utcDay } from '../../../shared/domain/calendar-date.js';
import { Clock } from '../../../shared/domain/clock.js';
import type { SeatRef } from '../domain/concert.js';
import { ConcertCatalogueRepository } from '../domain/concert-catalogue.repository.js';
import { seatNotFound } from '../domain/concert.errors.js';
import { SeatInventoryRepository } from '../domain/seat-inventory.repository.js';
import { resolveBookableDate } from './resolve-concert-date.js';

export interface BookableSeat {
  readonly seatId: number;
  readonly price: number;
  /** Free at the time of this read (not locked): lets a hold refuse a taken seat before taking any lock. */
  readonly available: boolean;
}

/**
 * What other modules may ask of the catalogue. The Reservation module owns holds; it moves a
 * seat's availability only through these calls, inside its own transaction.
 */
@Injectable()
export class ConcertFacade {
  constructor(
    private readonly catalogue: ConcertCatalogueRepository,
    private readonly inventory: SeatInventoryRepository,
    private readonly clock: Clock,
  ) {}

  /** The seat and its price; 404 CONCERT_NOT_FOUND, DATE_NOT_FOUND or SEAT_NOT_FOUND. */
  async findBookableSeat(ref: SeatRef): Promise<BookableSeat> {
    const now = this.clock.now();
    // The common case costs one indexed lookup; the reason for a miss is worked out only on a miss.
    const seat = ref.date >= utcDay(now) ? await this.catalogue.findSeat(ref) : null;
    if (seat) return { seatId: seat.id, price: seat.price, available: seat.isAvailableAt(now) };
    await resolveBookableDate(this.catalogue, ref.concertId, ref.date, now);
    throw seatNotFound(ref.date, ref.seatNumber);
  }

  occupySeat(seatId: number, reservationId: number, heldUntil: Date, now: Date): Promise<boolean> {
    return this.inventory.occupy(seatId, reservationId, heldUntil, now);
  }

  releaseSeat(seatId: number, reservationId: number): Promise<boolean> {
    return this.inventory.release(seatId, reservationId);
  }

  sellSeat(seatId: number, reservationId: number): Promise<boolean> {
    return this.inventory.sell(seatId, reservationId);
  }
}
