import { randomUUID } from 'node:crypto';
import { seedConcert, type SeededConcert } from '../../../../test/support/catalogue.js';
import { startTestApp, type TestApp } from '../../../../test/support/test-app.js';
import { ChargePointsUseCase } from '../../point/application/charge-points.use-case.js';
import { HoldSeatUseCase } from '../../reservation/application/hold-seat.use-case.js';
import { ReleaseExpiredHoldsUseCase } from '../../reservation/application/release-expired-holds.use-case.js';
import { PayReservationUseCase } from './pay-reservation.use-case.js';

const PRICE = 50_000;

describe('PayReservationUseCase on MariaDB (integration)', () => {
  let t: TestApp;
  let concert: SeededConcert;
  let seat = 1;

  beforeAll(async () => {
    t = await startTestApp({ env: { RESERVATION_HOLD_SECONDS: '60' } });
    concert = await seedConcert(t.db, { now: t.clock.now(), dayOffsets: [5], price: () => PRICE });
  });
  afterAll(() => t.close());

  const setUp = async (balance: number) => {
    const userId = randomUUID();
    if (balance > 0) await t.get(ChargePointsUseCase).execute({ userId, amount: balance });
    const held = await t
      .get(HoldSeatUseCase)
      .execute({ userId, concertId: concert.concertId, date: concert.dates[0], seatNumber: seat++ });
    const { insertId: tokenId }: { insertId: number } = await t.db.query(
      `INSERT INTO queue_token (token_hash, nonce, user_id, live_user_id, status, created_at, last_seen_at, activated_at, expires_at)
       VALUES (RANDOM_BYTES(32), RANDOM_BYTES(16), ?, ?, 'ACTIVE', ?, ?, ?, ?)`,
      [userId, userId, t.clock.now(), t.clock.now(), t.clock.now(), new Date(t.clock.now().getTime() + 600_000)],
    );
    return { userId, tokenId: String(tokenId), reservationId: held.reservationId };
  };

  const stateOf = async (userId: string, reservationId: number) => {
    const [row]: { reservation: string; seat: string; balance: number | null; uses: string; payments: string }[] =
      await t.db.query(
        `SELECT r.status AS reservation, s.status AS seat,
                (SELECT balance FROM point_wallet WHERE user_id = r.user_id) AS balance,
                (SELECT COUNT(*) FROM point_history WHERE user_id = r.user_id AND type = 'USE') AS uses,
                (SELECT COUNT(*) FROM payment WHERE reservation_id = r.id) AS payments
           FROM reservation r JOIN seat s ON s.id = r.seat_id WHERE r.id = ? AND r.user_id = ?`,
        [reservationId, userId],
      );
    return { ...row, balance: Number(row.balance ?? 0), uses: Number(row.uses), payments: Number(row.payments) };
  };

  it('is all or nothing: when recording the payment fails, the confirm and the deduction roll back', async () => {
    const { userId, tokenId, reservationId } = await setUp(PRICE);
    // A stray payment row for this reservation makes the payment INSERT hit the unique key, after confirm and use ran.
    await t.db.query(
      `INSERT INTO payment (user_id, reservation_id, amount, status, paid_at) VALUES (?, ?, 1, 'COMPLETED', ?)`,
      [randomUUID(), reservationId, t.clock.now()],
    );
    await expect(
      t.get(PayReservationUseCase).execute({ userId, tokenId, reservationId, replayOnly: false }),
    ).rejects.toThrow();
    expect(await stateOf(userId, reservationId)).toEqual({
      reservation: 'HELD',
      seat: 'HELD',
      balance: PRICE,
      uses: 0,
      payments: 1,
    });
    const [{ status }]: { status: string }[] = await t.db.query('SELECT status FROM queue_token WHERE id = ?', [
      tokenId,
    ]);
    expect(status).toBe('ACTIVE');
  });

  it('a payment racing the release job at the moment of expiry ends paid-and-confirmed or rejected-and-untouched', async () => {
    const outcomes = { paid: 0, rejected: 0 };
    for (let round = 0; round < 12; round++) {
      const { userId, tokenId, reservationId } = await setUp(PRICE);
      // Bring "now" to a few milliseconds before the hold runs out, then race.
      const [{ heldUntil }]: { heldUntil: Date }[] = await t.db.query(
        'SELECT held_until AS heldUntil FROM reservation WHERE id = ?',
        [reservationId],
      );
      t.clock.advance(heldUntil.getTime() - t.clock.now().getTime() - (round % 4) * 3);
      const [payment] = await Promise.allSettled([
        t.get(PayReservationUseCase).execute({ userId, tokenId, reservationId, replayOnly: false }),
        t.get(ReleaseExpiredHoldsUseCase).execute(),
        t.get(ReleaseExpiredHoldsUseCase).execute(),
      ]);
      const state = await stateOf(userId, reservationId);
      if (payment.status === 'fulfilled') {
        outcomes.paid++;
        expect(state).toEqual({ reservation: 'CONFIRMED', seat: 'SOLD', balance: 0, uses: 1, payments: 1 });
      } else {
        outcomes.rejected++;
        expect(payment.reason).toMatchObject({ code: 'RESERVATION_EXPIRED' });
        expect(state.balance).toBe(PRICE);
        expect(state.uses).toBe(0);
        expect(state.payments).toBe(0);
        expect(state.reservation).not.toBe('CONFIRMED');
        expect(state.seat).not.toBe('SOLD');
      }
    }
    expect(outcomes.paid + outcomes.rejected).toBe(12);
  });
});
