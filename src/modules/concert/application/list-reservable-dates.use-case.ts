import { Injectable } from '@nestjs/common';
import { Clock } from '../../../shared/domain/clock.js';
import { utcDay } from '../../../shared/domain/calendar-date.js';
import type { ReservableDate } from '../domain/concert.js';
import { ConcertCatalogueRepository } from '../domain/concert-catalogue.repository.js';
import { concertNotFound } from '../domain/concert.errors.js';

@Injectable()
export class ListReservableDatesUseCase {
  constructor(
    private readonly catalogue: ConcertCatalogueRepository,
    private readonly clock: Clock,
  ) {}

  async execute(concertId: number): Promise<ReservableDate[]> {
    const now = this.clock.now();
    const dates = await this.catalogue.listReservableDates(concertId, utcDay(now), now);
    if (dates.length === 0 && !(await this.catalogue.concertExists(concertId))) {
      throw concertNotFound(concertId);
    }
    return dates;
  }
}
