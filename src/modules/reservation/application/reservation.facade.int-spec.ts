import { randomUUID } from 'node:crypto';
import { seedConcert } from '../../../../test/support/catalogue.js';
import {
  outcome,
  seatDealer,
  seatRow,
  storedReservationStatus,
  tally,
  watchDeadlocks,
} from '../../../../test/support/reservation.js';
import { startTestApp, type TestApp } from '../../../../test/support/test-app.js';
import { TransactionRunner } from '../../../shared/domain/transaction-runner.js';
import { CancelReservationUseCase } from './cancel-reservation.use-case.js';
import { GetReservationUseCase } from './get-reservation.use-case.js';
import { HoldSeatUseCase } from './hold-seat.use-case.js';
import { ReservationFacade } from './reservation.facade.js';

describe('ReservationFacade, for payment, and reading a reservation (MariaDB)', () => {
  let t: TestApp;
  let facade: ReservationFacade;
  let freshSeat: () => { concertId: number; date: string; seatNumber: number };

  const holdFresh = (userId = randomUUID()) => t.get(HoldSeatUseCase).execute({ userId, ...freshSeat() });

  beforeAll(async () => {
    t = await startTestApp({ env: { RESERVATION_HOLD_SECONDS: '60' } });
    const concert = await seedConcert(t.db, { now: t.clock.now(), dayOffsets: [4], price: (n) => 50_000 + n });
    freshSeat = seatDealer(concert);
    facade = t.get(ReservationFacade);
  });

  afterAll(() => t.close());

  it('finds a reservation of the user with its seat, price and status at now', async () => {
    const held = await holdFresh();
    const found = await t.get(GetReservationUseCase).execute(held.userId, held.reservationId);
    expect(found).toEqual(held);
    expect(found.price).toBe(50_000 + held.seatNumber);
    expect(found.seatId).toEqual(expect.any(Number));

    t.clock.advance(found.heldUntil.getTime() - t.clock.now().getTime());
    expect((await t.get(GetReservationUseCase).execute(held.userId, held.reservationId)).status).toBe('EXPIRED');
  });

  it("reports another user's reservation, or a missing one, as RESERVATION_NOT_FOUND", async () => {
    const held = await holdFresh();
    expect(await outcome(t.get(GetReservationUseCase).execute(randomUUID(), held.reservationId))).toBe(
      'RESERVATION_NOT_FOUND',
    );
    expect(await outcome(t.get(GetReservationUseCase).execute(held.userId, 2_000_000_000))).toBe(
      'RESERVATION_NOT_FOUND',
    );
    expect(await outcome(facade.confirm(randomUUID(), held.reservationId, t.clock.now()))).toBe(
      'RESERVATION_NOT_FOUND',
    );
    expect(await storedReservationStatus(t, held.reservationId)).toBe('HELD');
  });

  it('confirms a running hold and sells its seat', async () => {
    const held = await holdFresh();
    const confirmed = await facade.confirm(held.userId, held.reservationId, t.clock.now());
    expect(confirmed).toEqual({ ...held, status: 'CONFIRMED' });
    expect(await storedReservationStatus(t, held.reservationId)).toBe('CONFIRMED');
    expect(await seatRow(t, held)).toEqual({ status: 'SOLD', reservationId: held.reservationId, heldUntil: null });
    expect(await outcome(facade.confirm(held.userId, held.reservationId, t.clock.now()))).toBe(
      'RESERVATION_ALREADY_PAID',
    );
  });

  it('never confirms a hold at or after its time, even before the release job has run', async () => {
    const held = await holdFresh();
    expect(await outcome(facade.confirm(held.userId, held.reservationId, held.heldUntil))).toBe('RESERVATION_EXPIRED');
    expect(await storedReservationStatus(t, held.reservationId)).toBe('HELD');
    expect(await seatRow(t, held)).toMatchObject({ status: 'HELD', reservationId: held.reservationId });
    // One millisecond earlier it was still running.
    const confirmed = await facade.confirm(held.userId, held.reservationId, new Date(held.heldUntil.getTime() - 1));
    expect(confirmed.status).toBe('CONFIRMED');
  });

  it('refuses a cancelled reservation with RESERVATION_EXPIRED', async () => {
    const held = await holdFresh();
    await t.get(CancelReservationUseCase).execute(held.userId, held.reservationId);
    expect(await outcome(facade.confirm(held.userId, held.reservationId, t.clock.now()))).toBe('RESERVATION_EXPIRED');
    expect(await seatRow(t, held)).toMatchObject({ status: 'AVAILABLE' });
  });

  it("joins the caller's transaction: when the payment fails after confirming, nothing is confirmed", async () => {
    const held = await holdFresh();
    const payment = t.get(TransactionRunner).run(async () => {
      await facade.confirm(held.userId, held.reservationId, t.clock.now());
      throw new Error('balance deduction failed');
    });
    await expect(payment).rejects.toThrow('balance deduction failed');
    expect(await storedReservationStatus(t, held.reservationId)).toBe('HELD');
    expect(await seatRow(t, held)).toMatchObject({ status: 'HELD', reservationId: held.reservationId });
    expect((await facade.confirm(held.userId, held.reservationId, t.clock.now())).status).toBe('CONFIRMED');
  });

  it('20 concurrent confirms of one hold: exactly one succeeds, 19 × RESERVATION_ALREADY_PAID', async () => {
    const held = await holdFresh();
    const deadlocks = watchDeadlocks(t);
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () =>
        outcome(t.get(TransactionRunner).run(() => facade.confirm(held.userId, held.reservationId, t.clock.now()))),
      ),
    );
    deadlocks.stop();
    expect(tally(outcomes)).toEqual({ ok: 1, RESERVATION_ALREADY_PAID: 19 });
    expect(deadlocks.count()).toBe(0);
    expect(await seatRow(t, held)).toMatchObject({ status: 'SOLD', reservationId: held.reservationId });
  });
});
