// What a request costs the servers, counted by the servers themselves: MySQL/MariaDB statements, rows and row locks
// (SHOW GLOBAL STATUS) and Redis commands (INFO commandstats), as deltas over a measured burst. Both servers are shared
// with whatever else runs on the machine (other test runs): before each burst a probe counts one second of the idle
// app, and that rate times the burst's seconds is subtracted. What remains is the app's cost per request net of its
// own background (revocation feed, admission ticks), which the probes report per second on their own. The share
// subtracted (of the statements; of Redis's in-command time) is kept as the window's noise: counts are exact only when
// nothing else ran meanwhile.
import { performance } from 'node:perf_hooks';
import mysql from 'mysql2/promise';
import { startCpu } from './cpu.mjs';
import { DB } from './settings.mjs';
import { sleep } from './util.mjs';

export const PROBE_MS = 1000;
/** A figure whose subtracted background was over this share of the window's count is flagged as noise. */
export const NOISY = 0.5;

const MYSQL = {
  statements: ['Questions'],
  select: ['Com_select'],
  insert: ['Com_insert'],
  update: ['Com_update'],
  delete: ['Com_delete'],
  commits: ['Com_commit'],
  rowsRead: ['first', 'key', 'last', 'next', 'prev', 'rnd', 'rnd_next'].map((h) => `Handler_read_${h}`),
  rowsChanged: ['Handler_write', 'Handler_update', 'Handler_delete'],
  lockWaits: ['Innodb_row_lock_waits'],
  lockMs: ['Innodb_row_lock_time'],
};
const NAMES = Object.values(MYSQL).flat();
/** Global only: the bench's own statements take no row lock and are left out by their session's status instead. */
const GLOBAL_ONLY = new Set(['Innodb_row_lock_waits', 'Innodb_row_lock_time']);

/** Commands the app's Lua scripts call (the queue's in redis-queue.scripts.ts, the rate limiter's SET/INCRBY/PTTL). */
const IN_SCRIPT = new Set([
  ...['hget', 'hset', 'hdel', 'hmget', 'incr', 'xadd', 'time'],
  ...['zrank', 'zadd', 'zrem', 'zrange', 'zrangebyscore', 'zcard', 'zcount', 'zremrangebyscore'],
  ...['set', 'incrby', 'pttl', 'expire'],
]);
/** The rate limiter's script calls INCRBY once and nothing else does: its calls count the limiter's scripts. */
const LIMITER_INNER = ['set', 'incrby', 'pttl', 'expire'];
/** The bench's own calls in a window (counting; the admission rounds' HMSET and ZSCORE): the app never makes them. */
const OWN = new Set(['info', 'hmset', 'zscore']);
const SCRIPTS = ['evalsha', 'eval', 'evalsha_ro', 'eval_ro'];

async function mysqlStatus(conn, scope) {
  const [rows] = await conn.query(`SHOW ${scope} STATUS WHERE Variable_name IN (?)`, [NAMES]);
  return Object.fromEntries(rows.map((row) => [row.Variable_name, Number(row.Value)]));
}

async function redisStats(redis) {
  const stats = {};
  for (const line of (await redis.info('commandstats')).split('\n')) {
    const m = /^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/.exec(line.trim());
    if (m && !OWN.has(m[1])) stats[m[1]] = { calls: Number(m[2]), usec: Number(m[3]) };
  }
  return stats;
}

async function snapshot(conn, redis) {
  const [global, session, commands] = await Promise.all([
    mysqlStatus(conn, 'GLOBAL'),
    mysqlStatus(conn, 'SESSION'),
    redisStats(redis),
  ]);
  return { global, session, commands, at: performance.now() };
}

/** Net counts between two snapshots: the server's minus this connection's own statements. */
function counts(a, b) {
  const mysqlOf = (name) =>
    b.global[name] - a.global[name] - (GLOBAL_ONLY.has(name) ? 0 : (b.session[name] ?? 0) - (a.session[name] ?? 0));
  const db = Object.fromEntries(
    Object.entries(MYSQL).map(([key, names]) => [key, names.reduce((sum, n) => sum + mysqlOf(n), 0)]),
  );
  const calls = {};
  const usec = {};
  for (const [name, s] of Object.entries(b.commands)) {
    const before = a.commands[name] ?? { calls: 0, usec: 0 };
    calls[name] = s.calls - before.calls;
    usec[name] = s.usec - before.usec;
  }
  const sum = (names, of) => names.reduce((total, n) => total + (of[n] ?? 0), 0);
  const all = Object.keys(calls);
  const top = all.filter((n) => !IN_SCRIPT.has(n));
  const inner = all.filter((n) => IN_SCRIPT.has(n));
  const scripts = sum(SCRIPTS, calls);
  const innerUs = sum(inner, usec);
  // A script's own Lua overhead (its usec beyond its commands'), spread evenly over the scripts run.
  const overheadUs = scripts ? Math.max(0, sum(SCRIPTS, usec) - innerUs) / scripts : 0;
  const limiter = calls.incrby ?? 0;
  const redis = {
    commands: sum(top, calls),
    scripts,
    limiter,
    feed: sum(['xrange', 'xrevrange'], calls),
    inScript: sum(inner, calls),
    us: sum(top, usec),
    feedUs: sum(['xrange', 'xrevrange'], usec),
    scriptsUs: sum(SCRIPTS, usec),
    limiterUs: sum(LIMITER_INNER, usec) + limiter * overheadUs,
  };
  return { mysql: db, redis, seconds: (b.at - a.at) / 1000 };
}

const scale = (obj, k) => Object.fromEntries(Object.entries(obj).map(([key, v]) => [key, v * k]));
const minus = (x, y) => Object.fromEntries(Object.entries(x).map(([key, v]) => [key, Math.max(0, v - (y[key] ?? 0))]));

/**
 * Per-request costs of a window, net of the probe's background: MySQL and Redis counts, and the CPU of the app, the
 * database and Redis (µs, from the burst's own /proc figures, `cpu` in ms per request). Redis CPU is split between the
 * line's shard and the rate limiter's keys in proportion to their commands' time, plus, when the CPU exceeds that time,
 * the same I/O for every top-level command.
 */
function perRequest(window, probe, requests, cpu) {
  const bg = (group) => scale(probe.rates[group], window.seconds);
  const db = minus(window.mysql, bg('mysql'));
  const redis = minus(window.redis, bg('redis'));
  // CPU µs of the whole window, net of the probe's rate (null when /proc had no figure).
  const netUs = (party) => {
    const ms = cpu?.[party];
    if (ms === null || ms === undefined) return null;
    return Math.max(0, ms * requests - probe.cpuMsPerSecond[party] * window.seconds) * 1000;
  };
  const [app, dbCpu, redisCpu] = [netUs('app'), netUs('db'), netUs('redis')];
  // The limiter's share of Redis's CPU: its scripts' own time, plus the I/O of its commands when the CPU exceeds the
  // commands' time (each top-level command the same I/O). On a busy machine a command's time can exceed the CPU (it
  // includes preemption): then each part gets its share of the commands' time.
  let limiterUs = 0;
  if (redisCpu !== null && redis.commands > 0 && redis.us > 0) {
    const ioUs = Math.max(0, redisCpu - redis.us) / redis.commands;
    const share = (redis.limiterUs + redis.limiter * ioUs) / (redis.us + redis.commands * ioUs);
    limiterUs = redisCpu * Math.min(1, Math.max(0, share));
  }
  const per = (us) => (us === null ? null : us / requests);
  const noise = (gross, key, group) => (gross[key] > 0 ? Math.min(1, bg(group)[key] / gross[key]) : 0);
  // Figures of which the background was over half: mostly what else ran, not the app.
  const noisy = (group) => Object.keys(window[group]).filter((key) => noise(window[group], key, group) > NOISY);
  const cpuNoisy = ['app', 'db', 'redis'].filter((party) => {
    const gross = (cpu?.[party] ?? 0) * requests;
    return gross > 0 && (probe.cpuMsPerSecond[party] * window.seconds) / gross > NOISY;
  });
  return {
    requests,
    seconds: window.seconds,
    mysql: scale(db, 1 / requests),
    redis: scale(redis, 1 / requests),
    cpuUs: {
      app: per(app),
      db: per(dbCpu),
      redis: per(redisCpu),
      redisLimiter: per(redisCpu === null ? null : limiterUs),
      redisLine: per(redisCpu === null ? null : redisCpu - limiterUs),
    },
    noise: {
      mysql: noise(window.mysql, 'statements', 'mysql'),
      redis: noise(window.redis, 'us', 'redis'),
    },
    noisy: { mysql: noisy('mysql'), redis: noisy('redis'), cpu: cpuNoisy },
  };
}

/**
 * Counting for one app process (`pid`) on `database`: `redis` is an ioredis client on the app's Redis. `window()`
 * probes the idle app for PROBE_MS, then starts counting; its `end()` (call it at the last response) snapshots, and
 * `result(requests, cpu)` gives the costs per request. `conn` is the counting connection (on `database`): statements
 * the bench runs on it are left out.
 */
export async function openCounters(redis, pid, database) {
  const { host, port, user, password } = DB;
  const conn = await mysql.createConnection({ host, port, user, password, database });
  const probes = [];

  async function probe() {
    const cpu = startCpu(pid);
    const a = await snapshot(conn, redis);
    await sleep(PROBE_MS);
    const b = await snapshot(conn, redis);
    const ms = cpu.perRequest(null, 1);
    const c = counts(a, b);
    const rates = { mysql: scale(c.mysql, 1 / c.seconds), redis: scale(c.redis, 1 / c.seconds) };
    const cpuMsPerSecond = {
      app: (ms.app ?? 0) / c.seconds,
      db: (ms.db ?? 0) / c.seconds,
      redis: (ms.redis ?? 0) / c.seconds,
    };
    const p = { rates, cpuMsPerSecond };
    probes.push(p);
    return p;
  }

  return {
    conn,
    async window() {
      const background = await probe();
      const start = await snapshot(conn, redis);
      let after = null;
      const end = () => (after ??= snapshot(conn, redis));
      return {
        end,
        async result(requests, cpu) {
          return perRequest(counts(start, await end()), background, requests, cpu);
        },
      };
    },
    /** The idle app per second: the mean of every probe so far. */
    background() {
      if (!probes.length) return null;
      const mean = (pick) => {
        const keys = Object.keys(pick(probes[0]));
        return Object.fromEntries(keys.map((k) => [k, probes.reduce((s, p) => s + pick(p)[k], 0) / probes.length]));
      };
      return {
        probes: probes.length,
        mysql: mean((p) => p.rates.mysql),
        redis: mean((p) => p.rates.redis),
        cpuMsPerSecond: mean((p) => p.cpuMsPerSecond),
      };
    },
    close: () => conn.end(),
  };
}

/** Rounds every number of a plain object tree to 3 significant digits (the costs block stays short). */
function rounded(value) {
  if (typeof value === 'number') return Number(value.toPrecision(3));
  if (Array.isArray(value)) return value.map(rounded);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)]));
}

/**
 * The run's costs as one JSON object for bench/capacity.mjs (written into the report as an HTML comment): per store,
 * the counted rows per request, the journeys per booking with their requests and polls per booking, the admission
 * tick per admitted token, the Redis line's bytes per token, and the idle app per second.
 */
export function costsOf({ date, byKey, passes, activationIntervalMs }) {
  const stores = {};
  for (const pass of passes) {
    const row = (name) => byKey[`${pass.store}:${name}`]?.counters ?? null;
    const journey = byKey[`${pass.store}:journey`];
    const bookings = journey?.checks?.completed;
    stores[pass.store] = {
      poll: row('poll100000'),
      pollShortLine: row('poll1000'),
      pollRefresh: row('pollRefresh'),
      issue: row('issue'),
      seats: row('seats'),
      hold: row('contention'),
      journey:
        journey?.counters && bookings
          ? {
              ...journey.counters,
              requestsPerBooking: journey.counters.requests / bookings,
              // Each booking: one issue, its polls, a hold, a charge and a payment (no step failed).
              pollsPerBooking: (journey.counters.requests - 4 * bookings) / bookings,
            }
          : null,
      tick: pass.admission ? { admitted: pass.admission.admitted, perToken: pass.admission.counters } : null,
      lineBytesPerToken: pass.lineMemory
        ? pass.lineMemory.bytes / (pass.lineMemory.waiting + pass.lineMemory.active)
        : null,
      background: pass.background ?? null,
    };
  }
  return rounded({ run: date, activationIntervalMs, stores });
}
