import { ManualClock } from '../../../../test/support/test-clock.js';
import type { Concert, ConcertDate } from '../domain/concert.js';
import { ConcertCatalogueRepository } from '../domain/concert-catalogue.repository.js';
import { Seat } from '../domain/seat.js';
import { SEAT_CACHE_BOUND_MS, SeatMapCache } from './seat-map-cache.js';

/** The seats of date 1 as a database would return them; each read takes the state at the moment it is made. */
class SeatTable extends ConcertCatalogueRepository {
  state: 'AVAILABLE' | 'HELD' = 'AVAILABLE';
  reads = 0;
  /** When set, a read answers only when it is released: a read in flight across a change. */
  gate: Promise<void> | null = null;

  async listSeats(concertDateId: number): Promise<Seat[]> {
    this.reads++;
    const state = this.state;
    if (this.gate) await this.gate;
    return [new Seat(concertDateId * 100 + 1, 1, 80_000, state, null, null)];
  }
  listConcerts(): Promise<Concert[]> {
    return Promise.resolve([]);
  }
  concertExists(): Promise<boolean> {
    return Promise.resolve(true);
  }
  listDates(): Promise<ConcertDate[]> {
    return Promise.resolve([]);
  }
}

describe('SeatMapCache', () => {
  let clock: ManualClock;
  let table: SeatTable;
  let cache: SeatMapCache;
  const statusOf = async () => (await cache.seatsOf(1))[0].status;

  beforeEach(() => {
    clock = new ManualClock();
    table = new SeatTable();
    cache = new SeatMapCache(table, clock);
  });

  it(`reads a date once per ${SEAT_CACHE_BOUND_MS} ms however many ask, and once for requests asking together`, async () => {
    await Promise.all([statusOf(), statusOf(), statusOf()]);
    expect(table.reads).toBe(1);
    clock.advance(SEAT_CACHE_BOUND_MS);
    await statusOf();
    expect(table.reads).toBe(1);
    clock.advance(1);
    await statusOf();
    expect(table.reads).toBe(2);
  });

  it(`shows a change made elsewhere at most ${SEAT_CACHE_BOUND_MS} ms after the read it missed`, async () => {
    expect(await statusOf()).toBe('AVAILABLE');
    table.state = 'HELD'; // another instance's hold
    clock.advance(SEAT_CACHE_BOUND_MS);
    expect(await statusOf()).toBe('AVAILABLE');
    clock.advance(1);
    expect(await statusOf()).toBe('HELD');
  });

  it('shows a change this instance committed on the very next read', async () => {
    expect(await statusOf()).toBe('AVAILABLE');
    table.state = 'HELD';
    cache.seatChanged(101);
    expect(await statusOf()).toBe('HELD');
  });

  it('never serves a read that was in flight when this instance committed a change', async () => {
    let release = () => {};
    table.gate = new Promise<void>((resolve) => (release = resolve));
    const inFlight = statusOf(); // read before the change
    table.state = 'HELD';
    cache.seatChanged(999); // a seat of a date this cache has not mapped yet: every older read is suspect
    table.gate = null;
    expect(await statusOf()).toBe('HELD');
    release();
    expect(await inFlight).toBe('AVAILABLE');
    expect(await statusOf()).toBe('HELD');
  });

  it('forgets a failed read', async () => {
    const failing = new SeatTable();
    const cacheOfFailing = new SeatMapCache(failing, clock);
    failing.listSeats = () => Promise.reject(new Error('database away'));
    await expect(cacheOfFailing.seatsOf(1)).rejects.toThrow('database away');
    failing.listSeats = SeatTable.prototype.listSeats;
    await expect(cacheOfFailing.seatsOf(1)).resolves.toHaveLength(1);
  });
});
