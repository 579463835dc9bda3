// Contention: CONTENTION_HOLDS holds on the 50 seats of one date, CONNECTIONS in flight over keep-alive connections
// opened before the burst. Exactly 50 must win (201), every other hold must be refused with 409 SEAT_UNAVAILABLE, none
// may fail with 5xx, and the seat rows afterwards must agree.
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { startCpu } from '../lib/cpu.mjs';
import { warmConnections } from '../lib/load.mjs';
import { CONNECTIONS, CONTENTION_HOLDS, HOLD_LIMIT, SEATS_PER_DATE } from '../lib/settings.mjs';
import { latencyOf, mapLimit } from '../lib/util.mjs';

const WARMUP_HOLDS = 200;

/** Users the scenario needs: enough that none sends more than HOLD_LIMIT holds, plus the warm-up's own. */
export const contentionUsersNeeded = () => Math.ceil(CONTENTION_HOLDS / HOLD_LIMIT) + WARMUP_HOLDS / HOLD_LIMIT;

async function errorCode(res) {
  try {
    return JSON.parse(await res.body.text()).code ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * `holds` holds: request k by user k mod users (each user at most HOLD_LIMIT when users ≥ holds / HOLD_LIMIT, spread
 * over the burst) for seat k mod 50 + 1 of `date`. Counts statuses and error codes; latency per request and per outcome.
 */
async function holdBurst(pool, users, date, holds) {
  const statuses = {};
  const codes = {};
  const all = [];
  const byOutcome = { won: [], lost: [] };
  let errors = 0;
  const started = performance.now();
  await mapLimit(
    Array.from({ length: holds }, (_, k) => k),
    CONNECTIONS,
    async (k) => {
      const body = JSON.stringify({ ...date, seatNumber: (k % SEATS_PER_DATE) + 1 });
      const sent = performance.now();
      try {
        const res = await pool.request({
          method: 'POST',
          path: '/reservations',
          headers: { 'content-type': 'application/json', 'x-queue-token': users[k % users.length].token },
          body,
        });
        const code = res.statusCode < 300 ? null : await errorCode(res);
        if (code === null) await res.body.dump();
        const ms = performance.now() - sent;
        all.push(ms);
        (code === null ? byOutcome.won : byOutcome.lost).push(ms);
        statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
        if (code !== null) codes[`${res.statusCode} ${code}`] = (codes[`${res.statusCode} ${code}`] ?? 0) + 1;
      } catch {
        errors++;
      }
    },
  );
  const seconds = (performance.now() - started) / 1000;
  const { p50, p99 } = latencyOf(all);
  return {
    requests: all.length,
    seconds,
    rps: all.length / seconds,
    p50,
    p99,
    statuses,
    errors,
    codes,
    latency: { won: latencyOf(byOutcome.won), lost: latencyOf(byOutcome.lost) },
  };
}

async function heldInDb(sql, { concertId, date }) {
  const [[seats]] = await sql.query(
    `SELECT COUNT(*) AS n, COUNT(DISTINCT s.reservation_id) AS reservations
       FROM seat s JOIN concert_date d ON d.id = s.concert_date_id
      WHERE d.concert_id = ? AND d.date = ? AND s.status = 'HELD'`,
    [concertId, date],
  );
  const [[rows]] = await sql.query(
    `SELECT COUNT(*) AS n FROM reservation WHERE concert_id = ? AND date = ? AND status = 'HELD'`,
    [concertId, date],
  );
  return { seats: Number(seats.n), seatReservations: Number(seats.reservations), reservations: Number(rows.n) };
}

/**
 * The warm-up runs on `warmupDate` with the last users; the measured burst on `date` with the others. Both dates
 * belong to no other scenario. Returns the burst's result with its `checks`.
 */
export async function contention(target, key, sql, users, date, warmupDate) {
  const warmupUsers = users.slice(-WARMUP_HOLDS / HOLD_LIMIT);
  const burstUsers = users.slice(0, users.length - warmupUsers.length);
  // Fresh sockets would measure the load generator's connection ramp-up (the last of 100 new sockets waited up to
  // ~0.5 s for its first answer while every hold inside the app took < 0.2 s), not the holds.
  const pool = new Pool(target.base, { connections: CONNECTIONS });
  try {
    await warmConnections(pool, CONNECTIONS);
    await holdBurst(pool, warmupUsers, warmupDate, WARMUP_HOLDS);
    const counting = await target.counters?.window();
    const cpu = startCpu(target.pid);
    const result = await holdBurst(pool, burstUsers, date, CONTENTION_HOLDS);
    counting?.end();
    result.cpu = cpu.perRequest(key, result.requests);
    result.counters = counting ? await counting.result(result.requests, result.cpu) : null;
    const held = await heldInDb(sql, date);
    const serverErrors = Object.entries(result.statuses)
      .filter(([status]) => Number(status) >= 500)
      .reduce((sum, [, n]) => sum + n, 0);
    const checks = {
      users: burstUsers.length,
      wins: result.statuses['201'] ?? 0,
      seatUnavailable: result.codes['409 SEAT_UNAVAILABLE'] ?? 0,
      serverErrors,
      socketErrors: result.errors,
      heldSeatsInDb: held.seats,
      heldReservationsInDb: held.reservations,
    };
    checks.ok =
      checks.wins === SEATS_PER_DATE &&
      checks.seatUnavailable === CONTENTION_HOLDS - SEATS_PER_DATE &&
      result.requests === CONTENTION_HOLDS &&
      serverErrors === 0 &&
      result.errors === 0 &&
      held.seats === SEATS_PER_DATE &&
      held.seatReservations === SEATS_PER_DATE &&
      held.reservations === SEATS_PER_DATE;
    return { ...result, checks };
  } finally {
    await pool.close();
  }
}
