import { Injectable } from '@nestjs/common';
import { Clock } from '../../../shared/domain/clock.js';
import type { ConcertDate } from '../domain/concert.js';
import { ConcertCatalogueRepository } from '../domain/concert-catalogue.repository.js';

/**
 * How long a concert's list of dates is kept. The catalogue changes only when data is loaded into the database
 * (the demo seed, an operator's import), never through the API: a date added that way shows within this time.
 */
export const CATALOGUE_CACHE_MS = 60_000;

/** The dates each concert plays, per instance, so resolving a date costs no query per request. */
@Injectable()
export class CatalogueCache {
  private readonly dates = new Map<number, { dates: Promise<ConcertDate[]>; loadedAt: number }>();

  constructor(
    private readonly catalogue: ConcertCatalogueRepository,
    private readonly clock: Clock,
  ) {}

  /** Every date the concert plays, ascending (none for an unknown concert). */
  datesOf(concertId: number): Promise<ConcertDate[]> {
    const now = this.clock.now().getTime();
    const cached = this.dates.get(concertId);
    if (cached && now - cached.loadedAt <= CATALOGUE_CACHE_MS) return cached.dates;
    const entry = { dates: this.catalogue.listDates(concertId), loadedAt: now };
    this.dates.set(concertId, entry);
    entry.dates.catch(() => this.dates.get(concertId) === entry && this.dates.delete(concertId));
    return entry.dates;
  }
}
