import { Injectable } from '@nestjs/common';
import { utcDay } from '../../../shared/domain/calendar-date.js';
import { Clock } from '../../../shared/domain/clock.js';
import type { ReservableDate } from '../domain/concert.js';
import { ConcertCatalogueRepository } from '../domain/concert-catalogue.repository.js';
import { concertNotFound } from '../domain/concert.errors.js';
import { CatalogueCache } from './catalogue-cache.js';
import { SeatMapCache } from './seat-map-cache.js';

@Injectable()
export class ListReservableDatesUseCase {
  constructor(
    private readonly dates: CatalogueCache,
    private readonly seatMaps: SeatMapCache,
    private readonly catalogue: ConcertCatalogueRepository,
    private readonly clock: Clock,
  ) {}

  /** Dates from today (UTC) on with at least one seat available now, ascending. */
  async execute(concertId: number): Promise<ReservableDate[]> {
    const now = this.clock.now();
    const today = utcDay(now);
    const upcoming = (await this.dates.datesOf(concertId)).filter((date) => date.date >= today);
    if (upcoming.length === 0 && !(await this.catalogue.concertExists(concertId))) throw concertNotFound(concertId);
    const counted = await Promise.all(
      upcoming.map(async (date) => {
        const seats = await this.seatMaps.seatsOf(date.id);
        const availableSeats = seats.filter((seat) => seat.isAvailableAt(now)).length;
        return { date: date.date, availableSeats, totalSeats: seats.length };
      }),
    );
    return counted.filter((date) => date.availableSeats > 0);
  }
}
