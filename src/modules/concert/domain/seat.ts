export type SeatStatus = 'AVAILABLE' | 'HELD' | 'SOLD';

/** A seat of one concert date, with the state of its inventory. */
export class Seat {
  constructor(
    readonly id: number,
    readonly seatNumber: number,
    readonly price: number,
    readonly status: SeatStatus,
    readonly reservationId: number | null,
    readonly heldUntil: Date | null,
  ) {}

  /** A hold whose time ran out frees the seat at once, before any job has released it. */
  isAvailableAt(now: Date): boolean {
    if (this.status === 'AVAILABLE') return true;
    if (this.status === 'SOLD') return false;
    return this.heldUntil === null || this.heldUntil.getTime() <= now.getTime();
  }
}
