import type { DataSource } from 'typeorm';
import { utcDay } from '../../src/shared/domain/calendar-date.js';

export interface SeededConcert {
  concertId: number;
  /** The concert's dates, ascending, YYYY-MM-DD. */
  dates: string[];
  /** concert_date ids, in the order of `dates`. */
  dateIds: number[];
}

export function dayOffset(now: Date, days: number): string {
  return utcDay(new Date(now.getTime() + days * 86_400_000));
}

/** Inserts a concert with the given day offsets (from `now`), each with seats 1..seatCount at `price`. */
export async function seedConcert(
  db: DataSource,
  options: {
    now: Date;
    dayOffsets: number[];
    seatCount?: number;
    price?: (seatNumber: number) => number;
    title?: string;
  },
): Promise<SeededConcert> {
  const seatCount = options.seatCount ?? 50;
  const price = options.price ?? (() => 80_000);
  const concert: { insertId: number } = await db.query('INSERT INTO concert (title, venue) VALUES (?, ?)', [
    options.title ?? 'Test Concert',
    'Test Hall',
  ]);
  const dates: string[] = [];
  const dateIds: number[] = [];
  for (const offset of [...options.dayOffsets].sort((a, b) => a - b)) {
    const day = dayOffset(options.now, offset);
    const inserted: { insertId: number } = await db.query('INSERT INTO concert_date (concert_id, date) VALUES (?, ?)', [
      concert.insertId,
      day,
    ]);
    const seats = Array.from({ length: seatCount }, (_, i) => [inserted.insertId, i + 1, price(i + 1)]);
    await db.query('INSERT INTO seat (concert_date_id, seat_number, price) VALUES ?', [seats]);
    dates.push(day);
    dateIds.push(inserted.insertId);
  }
  return { concertId: concert.insertId, dates, dateIds };
}
