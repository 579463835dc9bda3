import { Agent, request } from 'undici';
import { seedConcert } from '../support/catalogue.js';
import { holdRace } from '../support/hold-race.js';
import { activeCallers, type Caller } from '../support/queue.js';
import { seatDealer, tally } from '../support/reservation.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// Found over HTTP: 60 first-time users racing for one seat got several 500s (InnoDB deadlocks on the insert of their
// user lock rows, past the transaction runner's retries). The seat stays locked until every hold is past the seat
// read, so every request reaches the user lock; both queue stores, one app and two apps on one database.
// Every request of a race needs its own socket at once: the shared client's pool (256) would leave the rest queued
// in the client behind holds that wait for the seat.
const sockets = new Agent({ connections: 1024, pipelining: 0 });
afterAll(() => sockets.close());

async function postHold(t: TestApp, token: string, seat: unknown): Promise<string> {
  const response = await request(`${t.http.baseUrl}/reservations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-queue-token': token },
    body: JSON.stringify(seat),
    dispatcher: sockets,
  });
  const body = (await response.body.json()) as { code?: string };
  return response.statusCode === 201 ? '201' : `${response.statusCode} ${body.code}`;
}

describe.each([
  ['database', 1],
  ['database', 2],
  ['redis', 1],
  ['redis', 2],
] as const)('POST /reservations races, QUEUE_STORE=%s, %i app(s) (e2e)', (store, instances) => {
  let apps: TestApp[];
  let freshSeat: ReturnType<typeof seatDealer>;

  beforeAll(async () => {
    const first = await startTestApp({
      env: { QUEUE_STORE: store, QUEUE_MAX_ACTIVE: '100000', RESERVATION_HOLD_SECONDS: '300' },
    });
    apps = [first];
    if (instances === 2) apps.push(await startTestApp({ config: first.config }));
    const concert = await seedConcert(first.db, { now: first.clock.now(), dayOffsets: [3], seatCount: 10 });
    freshSeat = seatDealer(concert, 10);
  });

  afterAll(async () => {
    for (const t of apps.slice(1)) await t.close({ keepDatabase: true });
    await apps[0].close();
  });

  /** Each request goes to the apps in turn; all of them hold the same fresh seat. */
  async function race(requests: Caller[]) {
    const seat = freshSeat();
    const gate = await holdRace(apps, seat, requests.length);
    const responses = Promise.all(requests.map((caller, i) => postHold(apps[i % apps.length], caller.token, seat)));
    await gate.release();
    const statuses = tally(await responses);
    return { statuses, ...(await gate.finish()) };
  }

  it.each([60, 500])('%i first-time users on one seat: 1 × 201, the rest 409, no 5xx, no deadlock', async (n) => {
    const callers = await activeCallers(apps[0], n);
    expect(await race(callers)).toEqual({
      statuses: { '201': 1, '409 SEAT_UNAVAILABLE': n - 1 },
      passedSeatCheck: n,
      usersLocking: n,
      deadlocks: 0,
    });
  });

  it('60 returning users on one seat: 1 × 201, 59 × 409, no deadlock', async () => {
    const callers = await activeCallers(apps[0], 60);
    // Each has held a seat before: their first holds lose a race of their own.
    await race(callers);
    expect(await race(callers)).toEqual({
      statuses: { '201': 1, '409 SEAT_UNAVAILABLE': 59 },
      passedSeatCheck: 60,
      usersLocking: 60,
      deadlocks: 0,
    });
  });

  it('60 first-time users sending 3 holds each at once: 1 × 201, 179 × 409, no deadlock', async () => {
    const callers = await activeCallers(apps[0], 60);
    expect(await race(callers.flatMap((caller) => [caller, caller, caller]))).toEqual({
      statuses: { '201': 1, '409 SEAT_UNAVAILABLE': 179 },
      passedSeatCheck: 180,
      usersLocking: 60,
      deadlocks: 0,
    });
  });
});
