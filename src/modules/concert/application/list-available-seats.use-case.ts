import { Injectable } from '@nestjs/common';
import { Clock } from '../../../shared/domain/clock.js';
import type { AvailableSeat } from '../domain/concert.js';
import { ConcertCatalogueRepository } from '../domain/concert-catalogue.repository.js';
import { CatalogueCache } from './catalogue-cache.js';
import { resolveBookableDate } from './resolve-concert-date.js';
import { SeatMapCache } from './seat-map-cache.js';

@Injectable()
export class ListAvailableSeatsUseCase {
  constructor(
    private readonly dates: CatalogueCache,
    private readonly seatMaps: SeatMapCache,
    private readonly catalogue: ConcertCatalogueRepository,
    private readonly clock: Clock,
  ) {}

  /** The free seats of a date, ascending by number (from SeatMapCache: at most SEAT_CACHE_BOUND_MS old). */
  async execute(concertId: number, date: string): Promise<AvailableSeat[]> {
    const now = this.clock.now();
    const concertDateId = await resolveBookableDate(this.dates, this.catalogue, concertId, date, now);
    const seats = await this.seatMaps.seatsOf(concertDateId);
    return seats
      .filter((seat) => seat.isAvailableAt(now))
      .map((seat) => ({ seatNumber: seat.seatNumber, price: seat.price }));
  }
}
