import { DomainError } from '../../src/shared/domain/domain-error.js';
import type { TestApp } from './test-app.js';

export interface SeatRow {
  status: 'AVAILABLE' | 'HELD' | 'SOLD';
  reservationId: number | null;
  heldUntil: Date | null;
}

/** The seat row as the database holds it. */
export async function seatRow(
  t: TestApp,
  seat: { concertId: number; date: string; seatNumber: number },
): Promise<SeatRow> {
  const rows: SeatRow[] = await t.db.query(
    `SELECT s.status, s.reservation_id AS reservationId, s.held_until AS heldUntil
       FROM seat s JOIN concert_date d ON d.id = s.concert_date_id
      WHERE d.concert_id = ? AND d.date = ? AND s.seat_number = ?`,
    [seat.concertId, seat.date, seat.seatNumber],
  );
  if (rows.length !== 1) throw new Error(`no seat ${seat.seatNumber} on ${seat.date}`);
  return rows[0];
}

/** Hands out seats nobody has touched yet, date after date. */
export function seatDealer(concert: { concertId: number; dates: string[] }, seatsPerDate = 50) {
  let next = 0;
  return () => {
    const index = next++;
    const date = concert.dates[Math.floor(index / seatsPerDate)];
    if (date === undefined) throw new Error('the seeded concert has no seats left for this test');
    return { concertId: concert.concertId, date, seatNumber: (index % seatsPerDate) + 1 };
  };
}

/** The stored status of a reservation (not the status a reader sees at now). */
export async function storedReservationStatus(t: TestApp, reservationId: number): Promise<string | undefined> {
  const rows: { status: string }[] = await t.db.query('SELECT status FROM reservation WHERE id = ?', [reservationId]);
  return rows[0]?.status;
}

/** The error code of a rejected call, or 'ok'; anything but a DomainError is rethrown (a bug, not a refusal). */
export async function outcome(work: Promise<unknown>): Promise<string> {
  try {
    await work;
    return 'ok';
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

/** Counts each outcome: { ok: 1, SEAT_UNAVAILABLE: 99 }. */
export function tally(outcomes: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of outcomes) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

/**
 * Counts transactions InnoDB rolled back to break a deadlock (TransactionHost retries them, so a race can
 * pass while deadlocking). Wraps DataSource.transaction until `stop()`.
 */
export function watchDeadlocks(t: TestApp): { count: () => number; stop: () => void } {
  let deadlocks = 0;
  const original = t.db.transaction;
  const wrapped = function (this: unknown, ...args: unknown[]) {
    return (original as (...a: unknown[]) => Promise<unknown>).apply(this, args).catch((error: unknown) => {
      const { code, driverError } = error as { code?: unknown; driverError?: { code?: unknown } };
      if (code === 'ER_LOCK_DEADLOCK' || driverError?.code === 'ER_LOCK_DEADLOCK') deadlocks++;
      throw error;
    });
  };
  t.db.transaction = wrapped as typeof original;
  return {
    count: () => deadlocks,
    stop: () => {
      t.db.transaction = original;
    },
  };
}
