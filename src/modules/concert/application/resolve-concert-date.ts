import { utcDay } from '../../../shared/domain/calendar-date.js';
import type { ConcertCatalogueRepository } from '../domain/concert-catalogue.repository.js';
import { concertNotFound, dateNotFound } from '../domain/concert.errors.js';

/** The id of a date that can still be booked; a past day counts as not played (404 DATE_NOT_FOUND). */
export async function resolveBookableDate(
  catalogue: ConcertCatalogueRepository,
  concertId: number,
  date: string,
  now: Date,
): Promise<number> {
  const concertDateId = date < utcDay(now) ? null : await catalogue.findConcertDateId(concertId, date);
  if (concertDateId !== null) return concertDateId;
  if (!(await catalogue.concertExists(concertId))) throw concertNotFound(concertId);
  throw dateNotFound(concertId, date);
}
