import { randomUUID } from 'node:crypto';
import { SchedulerRegistry } from '@nestjs/schedule';
import { seedConcert, type SeededConcert } from '../../../../test/support/catalogue.js';
import {
  outcome,
  seatDealer,
  seatRow,
  storedReservationStatus,
  watchDeadlocks,
} from '../../../../test/support/reservation.js';
import { startTestApp, type TestApp } from '../../../../test/support/test-app.js';
import { TransactionRunner } from '../../../shared/domain/transaction-runner.js';
import { CancelReservationUseCase } from './cancel-reservation.use-case.js';
import { HoldSeatUseCase } from './hold-seat.use-case.js';
import { ReleaseExpiredHoldsUseCase } from './release-expired-holds.use-case.js';
import { ReservationFacade } from './reservation.facade.js';
import type { ReservationView } from './reservation.view.js';

const HOLD_SECONDS = 300;

describe('ReleaseExpiredHoldsUseCase (MariaDB)', () => {
  let t: TestApp;
  let concert: SeededConcert;
  let release: ReleaseExpiredHoldsUseCase;
  let freshSeat: () => { concertId: number; date: string; seatNumber: number };

  const holdFresh = (userId = randomUUID()) => t.get(HoldSeatUseCase).execute({ userId, ...freshSeat() });
  /** Many holds by many users, in parallel chunks. */
  async function holdMany(count: number): Promise<ReservationView[]> {
    const views: ReservationView[] = [];
    for (let i = 0; i < count; i += 50) {
      views.push(...(await Promise.all(Array.from({ length: Math.min(50, count - i) }, () => holdFresh()))));
    }
    return views;
  }
  const expireAll = () => t.clock.advanceSeconds(HOLD_SECONDS);
  const clearAll = () => release.execute({ batchSize: 1000, maxBatches: 100 });

  beforeAll(async () => {
    t = await startTestApp({ env: { RESERVATION_HOLD_SECONDS: String(HOLD_SECONDS) } });
    concert = await seedConcert(t.db, { now: t.clock.now(), dayOffsets: Array.from({ length: 40 }, (_, i) => i + 2) });
    freshSeat = seatDealer(concert);
    release = t.get(ReleaseExpiredHoldsUseCase);
  });

  afterAll(() => t.close());

  beforeEach(async () => {
    expireAll();
    await clearAll();
  });

  it('marks holds past their time EXPIRED and frees their seats, leaving everything else alone', async () => {
    const [expiring, cancelled, paid] = await holdMany(3);
    await t.get(CancelReservationUseCase).execute(cancelled.userId, cancelled.reservationId);
    await t.get(ReservationFacade).confirm(paid.userId, paid.reservationId, t.clock.now());
    t.clock.advanceSeconds(HOLD_SECONDS / 2);
    const running = await holdFresh();
    expect(await release.execute()).toBe(0);

    t.clock.advanceSeconds(HOLD_SECONDS / 2);
    expect(await release.execute()).toBe(1);
    expect(await storedReservationStatus(t, expiring.reservationId)).toBe('EXPIRED');
    expect(await seatRow(t, expiring)).toEqual({ status: 'AVAILABLE', reservationId: null, heldUntil: null });
    expect(await storedReservationStatus(t, cancelled.reservationId)).toBe('CANCELLED');
    expect(await storedReservationStatus(t, paid.reservationId)).toBe('CONFIRMED');
    expect(await seatRow(t, paid)).toMatchObject({ status: 'SOLD' });
    expect(await storedReservationStatus(t, running.reservationId)).toBe('HELD');
    expect(await seatRow(t, running)).toMatchObject({ status: 'HELD', reservationId: running.reservationId });
    expect(await release.execute()).toBe(0);
  });

  it('never frees a seat that another user took after the hold ran out', async () => {
    const first = await holdFresh();
    expireAll();
    const second = await t.get(HoldSeatUseCase).execute({
      userId: randomUUID(),
      concertId: first.concertId,
      date: first.date,
      seatNumber: first.seatNumber,
    });
    expect(await release.execute()).toBe(1);
    expect(await storedReservationStatus(t, first.reservationId)).toBe('EXPIRED');
    expect(await seatRow(t, first)).toMatchObject({ status: 'HELD', reservationId: second.reservationId });
  });

  it('works in bounded batches', async () => {
    const views = await holdMany(450);
    expireAll();
    expect(await release.execute({ batchSize: 200, maxBatches: 1 })).toBe(200);
    expect(await release.execute({ batchSize: 200, maxBatches: 1 })).toBe(200);
    expect(await release.execute({ batchSize: 200, maxBatches: 10 })).toBe(50);
    const rows: { status: string; n: string }[] = await t.db.query(
      `SELECT status, COUNT(*) AS n FROM reservation WHERE id IN (?) GROUP BY status`,
      [views.map((v) => v.reservationId)],
    );
    expect(rows.map((r) => [r.status, Number(r.n)])).toEqual([['EXPIRED', 450]]);
  });

  it('four runs at once (four app instances) split the work: each hold expires once, none is freed twice', async () => {
    const views = await holdMany(600);
    expireAll();
    const deadlocks = watchDeadlocks(t);
    const counts = await Promise.all(
      Array.from({ length: 4 }, () => release.execute({ batchSize: 50, maxBatches: 100 })),
    );
    deadlocks.stop();
    expect(deadlocks.count()).toBe(0);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(600);
    const seats: { n: string }[] = await t.db.query(
      `SELECT COUNT(*) AS n FROM seat WHERE reservation_id IN (?) OR (status <> 'AVAILABLE' AND id IN (?))`,
      [views.map((v) => v.reservationId), views.map((v) => v.seatId)],
    );
    expect(Number(seats[0].n)).toBe(0);
  });

  it('racing a payment of the same hold, it ends CONFIRMED or EXPIRED, never both, never paid after its time', async () => {
    const deadlocks = watchDeadlocks(t);
    for (let round = 0; round < 30; round++) {
      const held = await holdFresh();
      t.clock.advance(held.heldUntil.getTime() - t.clock.now().getTime()); // the job sees it expired
      const paidAt = new Date(held.heldUntil.getTime() - 1); // the payment started a moment earlier
      const pay = () =>
        outcome(
          t.get(TransactionRunner).run(() => t.get(ReservationFacade).confirm(held.userId, held.reservationId, paidAt)),
        );
      // Either side starts first in turn, so both orders of the race are fired.
      const [paid, released] =
        round % 2 === 0
          ? await Promise.all([pay(), release.execute()])
          : await Promise.all([release.execute(), pay()]).then(([r, p]) => [p, r] as const);
      const stored = await storedReservationStatus(t, held.reservationId);
      const seat = await seatRow(t, held);
      if (paid === 'ok') {
        expect([stored, seat.status, seat.reservationId]).toEqual(['CONFIRMED', 'SOLD', held.reservationId]);
        expect(released).toBe(0);
      } else {
        expect([paid, stored, seat.status]).toEqual(['RESERVATION_EXPIRED', 'EXPIRED', 'AVAILABLE']);
      }
      expect(await outcome(t.get(ReservationFacade).confirm(held.userId, held.reservationId, t.clock.now()))).toBe(
        paid === 'ok' ? 'RESERVATION_ALREADY_PAID' : 'RESERVATION_EXPIRED',
      );
    }
    deadlocks.stop();
    expect(deadlocks.count()).toBe(0);
  });

  it('runs every second by itself only where SCHEDULERS_ENABLED is true', async () => {
    expect(t.get(SchedulerRegistry).getIntervals()).not.toContain('reservation.release-expired-holds');
    const worker = await startTestApp({ config: { ...t.config, schedulersEnabled: true } });
    try {
      expect(worker.get(SchedulerRegistry).getIntervals()).toContain('reservation.release-expired-holds');
      const held = await holdFresh();
      worker.clock.advance(held.heldUntil.getTime() - worker.clock.now().getTime());
      const deadline = Date.now() + 5000;
      while ((await storedReservationStatus(t, held.reservationId)) !== 'EXPIRED' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(await storedReservationStatus(t, held.reservationId)).toBe('EXPIRED');
      expect(await seatRow(t, held)).toMatchObject({ status: 'AVAILABLE' });
      const metrics = (await worker.http.get('/metrics')).text;
      expect(metrics).toMatch(/^reservation_expirations_total [1-9]/m);
    } finally {
      await worker.close({ keepDatabase: true });
    }
  });
});
