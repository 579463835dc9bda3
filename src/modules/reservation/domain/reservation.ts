import { holdLimitExceeded, reservationAlreadyPaid, reservationExpired } from './reservation.errors.js';

/** As stored. EXPIRED is written by the release job; a HELD row past its time already reads EXPIRED. */
export type ReservationStatus = 'HELD' | 'CONFIRMED' | 'EXPIRED' | 'CANCELLED';

/** The seat a hold is for, as the catalogue resolved it. */
export interface HeldSeat {
  readonly seatId: number;
  readonly concertId: number;
  readonly date: string;
  readonly seatNumber: number;
  readonly price: number;
}

export interface ReservationProps extends HeldSeat {
  readonly id: number | null;
  readonly userId: string;
  readonly status: ReservationStatus;
  readonly heldUntil: Date;
  readonly createdAt: Date;
}

export interface HoldRequest {
  readonly userId: string;
  readonly seat: HeldSeat;
  readonly now: Date;
  readonly holdSeconds: number;
  /** The user's unpaid holds still running at `now`. */
  readonly activeHolds: number;
  readonly maxHolds: number;
}

/** One user's hold on one seat, and what became of it. */
export class Reservation {
  private constructor(private props: ReservationProps) {}

  /** A new hold of `holdSeconds`; refused with HOLD_LIMIT_EXCEEDED when the user has `maxHolds` running. */
  static hold(request: HoldRequest): Reservation {
    if (!Number.isInteger(request.holdSeconds) || request.holdSeconds <= 0) {
      throw new RangeError('holdSeconds must be a positive integer');
    }
    if (request.activeHolds >= request.maxHolds) throw holdLimitExceeded(request.maxHolds);
    return new Reservation({
      ...request.seat,
      id: null,
      userId: request.userId,
      status: 'HELD',
      heldUntil: new Date(request.now.getTime() + request.holdSeconds * 1000),
      createdAt: request.now,
    });
  }

  static restore(props: ReservationProps): Reservation {
    return new Reservation({ ...props });
  }

  get id(): number {
    if (this.props.id === null) throw new Error('The reservation has not been saved yet');
    return this.props.id;
  }
  get userId(): string {
    return this.props.userId;
  }
  get seatId(): number {
    return this.props.seatId;
  }
  get concertId(): number {
    return this.props.concertId;
  }
  get date(): string {
    return this.props.date;
  }
  get seatNumber(): number {
    return this.props.seatNumber;
  }
  get price(): number {
    return this.props.price;
  }
  /** The stored status; use statusAt(now) for what the user sees. */
  get status(): ReservationStatus {
    return this.props.status;
  }
  get heldUntil(): Date {
    return this.props.heldUntil;
  }
  get createdAt(): Date {
    return this.props.createdAt;
  }

  withId(id: number): Reservation {
    return new Reservation({ ...this.props, id });
  }

  /** A hold ends the instant its time is up, whether or not the release job has run. */
  isExpiredAt(now: Date): boolean {
    if (this.props.status === 'EXPIRED') return true;
    return this.props.status === 'HELD' && this.props.heldUntil.getTime() <= now.getTime();
  }

  statusAt(now: Date): ReservationStatus {
    return this.isExpiredAt(now) ? 'EXPIRED' : this.props.status;
  }

  /**
   * Payment: only a running hold can be confirmed; a cancelled one counts as expired. The repository saves the
   * change with an UPDATE that guards this same rule (HELD and running) under the row's lock.
   */
  confirm(now: Date): void {
    const status = this.statusAt(now);
    if (status === 'CONFIRMED') throw reservationAlreadyPaid(this.id);
    if (status !== 'HELD') throw reservationExpired(this.id);
    this.props = { ...this.props, status: 'CONFIRMED' };
  }

  /**
   * Gives a running hold back; false when it was cancelled already (idempotent: nothing to save). Saved like confirm.
   */
  cancel(now: Date): boolean {
    const status = this.statusAt(now);
    if (status === 'CANCELLED') return false;
    if (status === 'CONFIRMED') throw reservationAlreadyPaid(this.id);
    if (status !== 'HELD') throw reservationExpired(this.id);
    this.props = { ...this.props, status: 'CANCELLED' };
    return true;
  }
}
