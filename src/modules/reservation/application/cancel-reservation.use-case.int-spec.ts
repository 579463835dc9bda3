import { randomUUID } from 'node:crypto';
import { seedConcert, type SeededConcert } from '../../../../test/support/catalogue.js';
import {
  outcome,
  seatDealer,
  seatRow,
  storedReservationStatus,
  watchDeadlocks,
} from '../../../../test/support/reservation.js';
import { startTestApp, type TestApp } from '../../../../test/support/test-app.js';
import { ListAvailableSeatsUseCase } from '../../concert/application/list-available-seats.use-case.js';
import { CancelReservationUseCase } from './cancel-reservation.use-case.js';
import { HoldSeatUseCase } from './hold-seat.use-case.js';
import { ReleaseExpiredHoldsUseCase } from './release-expired-holds.use-case.js';
import { ReservationFacade } from './reservation.facade.js';

describe('CancelReservationUseCase (MariaDB)', () => {
  let t: TestApp;
  let concert: SeededConcert;
  let cancel: CancelReservationUseCase;
  let freshSeat: () => { concertId: number; date: string; seatNumber: number };
  const holdFresh = (userId = randomUUID()) => t.get(HoldSeatUseCase).execute({ userId, ...freshSeat() });
  const freeSeatNumbers = async (date: string) =>
    (await t.get(ListAvailableSeatsUseCase).execute(concert.concertId, date)).map((s) => s.seatNumber);
  const seatOf = (view: { concertId: number; date: string; seatNumber: number }) => ({
    concertId: view.concertId,
    date: view.date,
    seatNumber: view.seatNumber,
  });

  beforeAll(async () => {
    t = await startTestApp({ env: { RESERVATION_MAX_HOLDS_PER_USER: '50' } });
    concert = await seedConcert(t.db, { now: t.clock.now(), dayOffsets: [2, 3] });
    freshSeat = seatDealer(concert);
    cancel = t.get(CancelReservationUseCase);
  });

  afterAll(() => t.close());

  it('cancels a running hold and the seat is free at once, for every read and every new hold', async () => {
    const held = await holdFresh();
    expect(await freeSeatNumbers(held.date)).not.toContain(held.seatNumber);

    const cancelled = await cancel.execute(held.userId, held.reservationId);
    expect(cancelled).toEqual({ ...held, status: 'CANCELLED' });
    expect(await storedReservationStatus(t, held.reservationId)).toBe('CANCELLED');
    expect(await seatRow(t, held)).toEqual({
      status: 'AVAILABLE',
      reservationId: null,
      heldUntil: null,
    });
    expect(await freeSeatNumbers(held.date)).toContain(held.seatNumber);
    const next = await t.get(HoldSeatUseCase).execute({ userId: randomUUID(), ...seatOf(held) });
    expect(next.status).toBe('HELD');
  });

  it('is idempotent: cancelling again answers the same, and never frees a seat someone else holds since', async () => {
    const held = await holdFresh();
    const first = await cancel.execute(held.userId, held.reservationId);
    const other = await t.get(HoldSeatUseCase).execute({ userId: randomUUID(), ...seatOf(held) });

    const again = await cancel.execute(held.userId, held.reservationId);
    expect(again).toEqual(first);
    expect(await seatRow(t, held)).toMatchObject({
      status: 'HELD',
      reservationId: other.reservationId,
    });
  });

  it('10 concurrent cancels of one hold all answer CANCELLED', async () => {
    const held = await holdFresh();
    const results = await Promise.all(
      Array.from({ length: 10 }, () => cancel.execute(held.userId, held.reservationId)),
    );
    expect(new Set(results.map((r) => r.status))).toEqual(new Set(['CANCELLED']));
    expect(await seatRow(t, held)).toMatchObject({ status: 'AVAILABLE' });
  });

  it('a hold whose time ran out → RESERVATION_EXPIRED, before and after the release job', async () => {
    const held = await holdFresh();
    t.clock.advance(held.heldUntil.getTime() - t.clock.now().getTime());
    expect(await outcome(cancel.execute(held.userId, held.reservationId))).toBe('RESERVATION_EXPIRED');
    expect(await storedReservationStatus(t, held.reservationId)).toBe('HELD');

    await t.get(ReleaseExpiredHoldsUseCase).execute();
    expect(await storedReservationStatus(t, held.reservationId)).toBe('EXPIRED');
    expect(await outcome(cancel.execute(held.userId, held.reservationId))).toBe('RESERVATION_EXPIRED');
  });

  it('a paid reservation → RESERVATION_ALREADY_PAID and the seat stays sold', async () => {
    const held = await holdFresh();
    await t.get(ReservationFacade).confirm(held.userId, held.reservationId, t.clock.now());
    expect(await outcome(cancel.execute(held.userId, held.reservationId))).toBe('RESERVATION_ALREADY_PAID');
    expect(await seatRow(t, held)).toMatchObject({
      status: 'SOLD',
      reservationId: held.reservationId,
    });
  });

  it("another user's reservation, or a missing one → RESERVATION_NOT_FOUND, and nothing changes", async () => {
    const held = await holdFresh();
    expect(await outcome(cancel.execute(randomUUID(), held.reservationId))).toBe('RESERVATION_NOT_FOUND');
    expect(await outcome(cancel.execute(held.userId, 2_000_000_000))).toBe('RESERVATION_NOT_FOUND');
    expect(await storedReservationStatus(t, held.reservationId)).toBe('HELD');
    expect(await seatRow(t, held)).toMatchObject({ status: 'HELD' });
  });

  it('a cancel racing a payment of the same hold: exactly one wins, and the seat agrees with it (20 rounds)', async () => {
    const deadlocks = watchDeadlocks(t);
    for (let round = 0; round < 20; round++) {
      const held = await holdFresh();
      const [cancelled, paid] = await Promise.all([
        outcome(cancel.execute(held.userId, held.reservationId)),
        outcome(t.get(ReservationFacade).confirm(held.userId, held.reservationId, t.clock.now())),
      ]);
      const seat = await seatRow(t, held);
      const stored = await storedReservationStatus(t, held.reservationId);
      if (cancelled === 'ok') {
        expect([paid, stored, seat.status]).toEqual(['RESERVATION_EXPIRED', 'CANCELLED', 'AVAILABLE']);
      } else {
        expect([cancelled, paid, stored, seat.status]).toEqual(['RESERVATION_ALREADY_PAID', 'ok', 'CONFIRMED', 'SOLD']);
      }
    }
    deadlocks.stop();
    expect(deadlocks.count()).toBe(0);
  });
});
