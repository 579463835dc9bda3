// Journeys: JOURNEY_CONCURRENCY users at once, a new one starting as soon as one finishes, JOURNEY_USERS in all; each
// issues a token → polls every JOURNEY_POLL_MS until ACTIVE → holds a seat of its own → charges the price → pays with
// an Idempotency-Key. Afterwards the database must agree: SOLD seats = payments = CONFIRMED reservations.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { startCpu } from '../lib/cpu.mjs';
import {
  JOURNEY_CONCURRENCY,
  JOURNEY_POLL_MS,
  JOURNEY_USERS,
  JOURNEY_WARMUP_USERS,
  SEATS_PER_DATE,
} from '../lib/settings.mjs';
import { latencyOf, mapLimit, sleep } from '../lib/util.mjs';

/** Dates of SEATS_PER_DATE seats the journeys need (warm-up included), one seat per user. */
export const journeyDatesNeeded = () => Math.ceil((JOURNEY_USERS + JOURNEY_WARMUP_USERS) / SEATS_PER_DATE);

/** One user's booking; every request's latency goes to `latencies`, a failed step to `failures`. */
async function journey(http, seat, latencies, failures) {
  const started = performance.now();
  const step = async (name, expected, method, path, options) => {
    let key;
    try {
      const res = await http.call(method, path, options);
      latencies.push(res.ms);
      if (res.status === expected) return res;
      key = `${name} ${res.status} ${res.body?.code ?? ''}`.trim();
    } catch (error) {
      key = `${name} socket ${error.code ?? error.message}`;
    }
    failures[key] = (failures[key] ?? 0) + 1;
    return null;
  };
  const issued = await step('issue', 201, 'POST', '/queue/tokens', { body: { userId: randomUUID() } });
  if (!issued) return null;
  const { token } = issued.body;
  let status = issued.body.status;
  while (status !== 'ACTIVE') {
    await sleep(JOURNEY_POLL_MS);
    const polled = await step('poll', 200, 'GET', '/queue/status', { token });
    if (!polled) return null;
    status = polled.body.status;
  }
  const hold = await step('hold', 201, 'POST', '/reservations', { token, body: seat });
  if (!hold) return null;
  const charged = await step('charge', 200, 'POST', '/points/charge', { token, body: { amount: hold.body.price } });
  if (!charged) return null;
  const paid = await step('pay', 201, 'POST', '/payments', {
    token,
    body: { reservationId: hold.body.reservationId },
    headers: { 'idempotency-key': randomUUID() },
  });
  return paid ? performance.now() - started : null;
}

async function run(http, seats) {
  const latencies = [];
  const failures = {};
  const started = performance.now();
  const durations = await mapLimit(seats, JOURNEY_CONCURRENCY, (seat) => journey(http, seat, latencies, failures));
  const seconds = (performance.now() - started) / 1000;
  return { seconds, latencies, failures, durations: durations.filter((d) => d !== null) };
}

async function bookingsInDb(sql) {
  const [[row]] = await sql.query(
    `SELECT (SELECT COUNT(*) FROM seat WHERE status = 'SOLD') AS sold,
            (SELECT COUNT(*) FROM payment) AS payments,
            (SELECT COUNT(*) FROM payment WHERE status = 'COMPLETED') AS completed,
            (SELECT COUNT(*) FROM reservation WHERE status = 'CONFIRMED') AS confirmed`,
  );
  return {
    soldSeats: Number(row.sold),
    payments: Number(row.payments),
    completedPayments: Number(row.completed),
    confirmedReservations: Number(row.confirmed),
  };
}

/**
 * `dates` ([{concertId, date}], journeyDatesNeeded() of them) belong to no other scenario. The seats are interleaved
 * over the dates, so that users in flight spread over them as real buyers would.
 */
export async function journeys(target, key, http, sql, dates) {
  const seats = Array.from({ length: SEATS_PER_DATE }, (_, s) =>
    dates.map((d) => ({ concertId: d.concertId, date: d.date, seatNumber: s + 1 })),
  ).flat();
  const warm = await run(http, seats.slice(0, JOURNEY_WARMUP_USERS));
  const counting = await target.counters?.window();
  const cpuWindow = startCpu(target.pid);
  const measured = await run(http, seats.slice(JOURNEY_WARMUP_USERS, JOURNEY_WARMUP_USERS + JOURNEY_USERS));
  counting?.end();
  const cpu = cpuWindow.perRequest(key, measured.latencies.length);
  const counters = counting ? await counting.result(measured.latencies.length, cpu) : null;
  const { latencies, failures, durations, seconds } = measured;
  const failed = Object.values(failures).reduce((a, b) => a + b, 0);
  const inDb = await bookingsInDb(sql);
  const checks = {
    users: JOURNEY_USERS,
    completed: durations.length,
    failed,
    warmupFailures: warm.failures,
    ...inDb,
    expectedInDb: durations.length + warm.durations.length,
  };
  checks.ok =
    checks.completed === JOURNEY_USERS &&
    failed === 0 &&
    Object.keys(warm.failures).length === 0 &&
    inDb.soldSeats === checks.expectedInDb &&
    inDb.payments === checks.expectedInDb &&
    inDb.completedPayments === checks.expectedInDb &&
    inDb.confirmedReservations === checks.expectedInDb;
  // Non-2xx answers by status; failures without an answer (socket errors) count as errors.
  const statuses = {};
  let errors = 0;
  for (const [step, n] of Object.entries(failures)) {
    const status = step.split(' ')[1];
    if (status === 'socket') errors += n;
    else statuses[status] = (statuses[status] ?? 0) + n;
  }
  statuses['2xx'] = latencies.length - Object.values(statuses).reduce((a, b) => a + b, 0);
  const request = latencyOf(latencies);
  const booking = latencyOf(durations);
  return {
    requests: latencies.length,
    seconds,
    rps: latencies.length / seconds,
    p50: request.p50,
    p99: request.p99,
    statuses,
    errors,
    cpu,
    counters,
    failures,
    bookingsPerSecond: durations.length / seconds,
    booking,
    checks,
  };
}
