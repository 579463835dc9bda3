import { Injectable } from '@nestjs/common';
import { Clock } from '../../../shared/domain/clock.js';
import { ConcertCatalogueRepository } from '../domain/concert-catalogue.repository.js';
import type { Seat } from '../domain/seat.js';

/**
 * How stale a date's seats may be when served: a hold, cancel or payment made on another instance shows here at most
 * this long after it committed. The instance that made it sees it at once.
 */
export const SEAT_CACHE_BOUND_MS = 100;

interface Load {
  readonly seats: Promise<readonly Seat[]>;
  /** When the read started (clock ms): it sees every change committed before. */
  readonly startedAt: number;
  /** The invalidations seen when it started: a load older than the last one of this instance is not used. */
  readonly epoch: number;
}

/**
 * Every seat of a date with its state, per instance, read from the database at most once per SEAT_CACHE_BOUND_MS per
 * date however many requests ask. Availability is decided when a request asks (Seat.isAvailableAt(now)), so a hold
 * whose time ran out frees its seat at once here too. A change this instance commits (ConcertFacade) drops the date's
 * entry after the commit, and no read started before it is used again: the next request reads anew.
 */
@Injectable()
export class SeatMapCache {
  private readonly loads = new Map<number, Load>();
  private readonly dateOfSeat = new Map<number, number>();
  private epoch = 0;

  constructor(
    private readonly catalogue: ConcertCatalogueRepository,
    private readonly clock: Clock,
  ) {}

  seatsOf(concertDateId: number): Promise<readonly Seat[]> {
    const now = this.clock.now().getTime();
    const load = this.loads.get(concertDateId);
    if (load && load.epoch === this.epoch && now - load.startedAt <= SEAT_CACHE_BOUND_MS) return load.seats;
    const fresh: Load = { seats: this.read(concertDateId), startedAt: now, epoch: this.epoch };
    this.loads.set(concertDateId, fresh);
    // A failed read is not kept: the next request tries again.
    fresh.seats.catch(() => this.loads.get(concertDateId) === fresh && this.loads.delete(concertDateId));
    return fresh.seats;
  }

  /** This instance committed a change of the seat: no read from before serves it again. */
  seatChanged(seatId: number): void {
    this.epoch++;
    const concertDateId = this.dateOfSeat.get(seatId);
    if (concertDateId !== undefined) this.loads.delete(concertDateId);
  }

  private async read(concertDateId: number): Promise<readonly Seat[]> {
    const seats = await this.catalogue.listSeats(concertDateId);
    for (const seat of seats) this.dateOfSeat.set(seat.id, concertDateId);
    return seats;
  }
}
