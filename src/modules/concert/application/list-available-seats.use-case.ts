import { Injectable } from '@nestjs/common';
import { Clock } from '../../../shared/domain/clock.js';
import type { AvailableSeat } from '../domain/concert.js';
import { ConcertCatalogueRepository } from '../domain/concert-catalogue.repository.js';
import { resolveBookableDate } from './resolve-concert-date.js';

@Injectable()
export class ListAvailableSeatsUseCase {
  constructor(
    private readonly catalogue: ConcertCatalogueRepository,
    private readonly clock: Clock,
  ) {}

  async execute(concertId: number, date: string): Promise<AvailableSeat[]> {
    const now = this.clock.now();
    const concertDateId = await resolveBookableDate(this.catalogue, concertId, date, now);
    return this.catalogue.listAvailableSeats(concertDateId, now);
  }
}
