import { Seat } from './seat.js';

describe('Seat.isAvailableAt', () => {
  const now = new Date('2026-12-01T10:00:00.000Z');

  it('is available when nobody holds it', () => {
    expect(new Seat(1, 1, 80000, 'AVAILABLE', null, null).isAvailableAt(now)).toBe(true);
  });

  it('is not available while a hold runs', () => {
    const heldUntil = new Date(now.getTime() + 1);
    expect(new Seat(1, 1, 80000, 'HELD', 9, heldUntil).isAvailableAt(now)).toBe(false);
  });

  it('is available the moment a hold runs out, before any job releases it', () => {
    expect(new Seat(1, 1, 80000, 'HELD', 9, now).isAvailableAt(now)).toBe(true);
  });

  it('is never available once sold', () => {
    expect(new Seat(1, 1, 80000, 'SOLD', 9, null).isAvailableAt(now)).toBe(false);
  });
});
