import { Injectable } from '@nestjs/common';
import { Clock } from '../../../shared/domain/clock.js';
import { TransactionRunner } from '../../../shared/domain/transaction-runner.js';
import type { BookableSeat, SeatRef } from '../domain/concert.js';
import { ConcertCatalogueRepository } from '../domain/concert-catalogue.repository.js';
import { seatNotFound } from '../domain/concert.errors.js';
import { SeatInventoryRepository } from '../domain/seat-inventory.repository.js';
import { CatalogueCache } from './catalogue-cache.js';
import { resolveBookableDate } from './resolve-concert-date.js';
import { SeatMapCache } from './seat-map-cache.js';

/**
 * What other modules may ask of the catalogue. The Reservation module owns holds; it moves a seat's availability
 * only through these calls, inside its own transaction; once that commits, this instance's seat map of the date is
 * dropped, so its next read is exact.
 */
@Injectable()
export class ConcertFacade {
  constructor(
    private readonly dates: CatalogueCache,
    private readonly seatMaps: SeatMapCache,
    private readonly catalogue: ConcertCatalogueRepository,
    private readonly inventory: SeatInventoryRepository,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  /** The seat and its price; 404 CONCERT_NOT_FOUND, DATE_NOT_FOUND or SEAT_NOT_FOUND. */
  async findBookableSeat(ref: SeatRef): Promise<BookableSeat> {
    const now = this.clock.now();
    const concertDateId = await resolveBookableDate(this.dates, this.catalogue, ref.concertId, ref.date, now);
    const seat = (await this.seatMaps.seatsOf(concertDateId)).find((s) => s.seatNumber === ref.seatNumber);
    if (!seat) throw seatNotFound(ref.date, ref.seatNumber);
    return { seatId: seat.id, price: seat.price, available: seat.isAvailableAt(now) };
  }

  occupySeat(seatId: number, reservationId: number, heldUntil: Date, now: Date): Promise<boolean> {
    return this.changed(seatId, this.inventory.occupy(seatId, reservationId, heldUntil, now));
  }

  releaseSeat(seatId: number, reservationId: number): Promise<boolean> {
    return this.changed(seatId, this.inventory.release(seatId, reservationId));
  }

  sellSeat(seatId: number, reservationId: number): Promise<boolean> {
    return this.changed(seatId, this.inventory.sell(seatId, reservationId));
  }

  private async changed(seatId: number, change: Promise<boolean>): Promise<boolean> {
    const done = await change;
    if (done) this.transactions.afterCommit(() => this.seatMaps.seatChanged(seatId));
    return done;
  }
}
