import { utcDay } from '../../../shared/domain/calendar-date.js';
import type { ConcertCatalogueRepository } from '../domain/concert-catalogue.repository.js';
import { concertNotFound, dateNotFound } from '../domain/concert.errors.js';
import type { CatalogueCache } from './catalogue-cache.js';

/** The id of a date that can still be booked; a past day counts as not played (404 DATE_NOT_FOUND). */
export async function resolveBookableDate(
  dates: CatalogueCache,
  catalogue: ConcertCatalogueRepository,
  concertId: number,
  date: string,
  now: Date,
): Promise<number> {
  const found = date < utcDay(now) ? undefined : (await dates.datesOf(concertId)).find((d) => d.date === date);
  if (found) return found.id;
  if (!(await catalogue.concertExists(concertId))) throw concertNotFound(concertId);
  throw dateNotFound(concertId, date);
}
