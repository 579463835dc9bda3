import { DomainError } from '../../../shared/domain/domain-error.js';
import { Reservation, type ReservationProps, type ReservationStatus } from './reservation.js';

const now = new Date('2026-12-01T10:00:00.000Z');
const seat = { seatId: 11, concertId: 1, date: '2026-12-24', seatNumber: 7, price: 80_000 };

function hold(overrides: { activeHolds?: number; maxHolds?: number; holdSeconds?: number } = {}): Reservation {
  return Reservation.hold({
    userId: 'u1',
    seat,
    now,
    holdSeconds: overrides.holdSeconds ?? 300,
    activeHolds: overrides.activeHolds ?? 0,
    maxHolds: overrides.maxHolds ?? 4,
  });
}

function stored(status: ReservationStatus, heldUntil: Date): Reservation {
  const props: ReservationProps = { ...seat, id: 42, userId: 'u1', status, heldUntil, createdAt: now };
  return Reservation.restore(props);
}

function codeOf(work: () => void): string | undefined {
  try {
    work();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return undefined;
}

const later = (ms: number) => new Date(now.getTime() + ms);

describe('Reservation.hold', () => {
  it('holds the seat for holdSeconds from now, status HELD, without an id until saved', () => {
    const reservation = hold({ holdSeconds: 300 });
    expect(reservation.status).toBe('HELD');
    expect(reservation.heldUntil.toISOString()).toBe('2026-12-01T10:05:00.000Z');
    expect(reservation.createdAt).toEqual(now);
    expect(reservation.price).toBe(80_000);
    expect(() => reservation.id).toThrow();
    expect(reservation.withId(5).id).toBe(5);
  });

  it('allows holds up to the per-user limit and refuses the next with HOLD_LIMIT_EXCEEDED', () => {
    expect(hold({ activeHolds: 3, maxHolds: 4 }).status).toBe('HELD');
    expect(codeOf(() => hold({ activeHolds: 4, maxHolds: 4 }))).toBe('HOLD_LIMIT_EXCEEDED');
    expect(codeOf(() => hold({ activeHolds: 9, maxHolds: 4 }))).toBe('HOLD_LIMIT_EXCEEDED');
  });

  it('refuses a non-positive hold time as a programming error', () => {
    expect(() => hold({ holdSeconds: 0 })).toThrow(RangeError);
  });
});

describe('Reservation.statusAt', () => {
  const until = later(1000);

  it('reads HELD until the last millisecond and EXPIRED from heldUntil on, with no job', () => {
    const reservation = stored('HELD', until);
    expect(reservation.statusAt(later(999))).toBe('HELD');
    expect(reservation.isExpiredAt(later(999))).toBe(false);
    expect(reservation.statusAt(until)).toBe('EXPIRED');
    expect(reservation.isExpiredAt(until)).toBe(true);
  });

  it.each(['CONFIRMED', 'CANCELLED', 'EXPIRED'] as const)('keeps %s whatever the time', (status) => {
    expect(stored(status, until).statusAt(later(10_000))).toBe(status);
    expect(stored(status, until).statusAt(now)).toBe(status);
  });
});

describe('Reservation.confirm', () => {
  const until = later(1000);

  it('confirms a running hold', () => {
    const reservation = stored('HELD', until);
    reservation.confirm(later(999));
    expect(reservation.status).toBe('CONFIRMED');
  });

  it('refuses a hold whose time is up with RESERVATION_EXPIRED', () => {
    expect(codeOf(() => stored('HELD', until).confirm(until))).toBe('RESERVATION_EXPIRED');
  });

  it.each([
    ['EXPIRED', 'RESERVATION_EXPIRED'],
    ['CANCELLED', 'RESERVATION_EXPIRED'],
    ['CONFIRMED', 'RESERVATION_ALREADY_PAID'],
  ] as const)('refuses a %s reservation with %s', (status, code) => {
    expect(codeOf(() => stored(status, until).confirm(now))).toBe(code);
  });
});

describe('Reservation.cancel', () => {
  const until = later(1000);

  it('cancels a running hold, a change to save', () => {
    const reservation = stored('HELD', until);
    expect(reservation.cancel(now)).toBe(true);
    expect(reservation.status).toBe('CANCELLED');
  });

  it('is idempotent on a cancelled reservation: nothing to save', () => {
    const reservation = stored('CANCELLED', until);
    expect(reservation.cancel(later(5000))).toBe(false);
    expect(reservation.status).toBe('CANCELLED');
  });

  it.each([
    ['HELD', until, 'RESERVATION_EXPIRED'],
    ['EXPIRED', until, 'RESERVATION_EXPIRED'],
    ['CONFIRMED', later(5000), 'RESERVATION_ALREADY_PAID'],
  ] as const)('refuses a %s reservation held until %s, cancelled at its end, with %s', (status, heldUntil, code) => {
    expect(codeOf(() => stored(status, heldUntil).cancel(until))).toBe(code);
  });
});
