// `npm run bench`: starts the built app (dist/main.js) in production mode on a fresh database, drives every
// scenario of issue 7 in one run (autocannon over a bounded pool of keep-alive connections; undici for the
// journey), prints a markdown table and writes it to docs/benchmarks.md. The database is dropped at the end,
// also on failure. Plain ESM; talks to the app over HTTP only and to MySQL/MariaDB through mysql2.
//
// Knobs (environment): DB_TYPE (mariadb), DB_HOST, DB_PORT, DB_USERNAME, DB_PASSWORD; BENCH_CONNECTIONS (100);
// BENCH_PING_REQUESTS (20000), BENCH_ISSUE_REQUESTS (4000), BENCH_SEATS_REQUESTS (10000), BENCH_POLL_REQUESTS
// (10000), BENCH_CONTENTION_HOLDS (2000), BENCH_CONTENTION_USERS (500), BENCH_JOURNEY_USERS (300),
// BENCH_JOURNEY_CONCURRENCY (64); BENCH_OUTPUT (docs/benchmarks.md, "-" for none); BENCH_PROFILE=1 runs the
// app under `node --cpu-prof` and leaves the .cpuprofile in bench/out/.
//
// The queue scenarios (poll at 1k/10k/100k waiting, token issue) run twice: first against the first app
// (QUEUE_STORE=database, the default), then — after that app is stopped — against a second app process started with
// QUEUE_STORE=redis on its own database (`<name>_redis`), its line pre-filled straight into Redis (REDIS_URL,
// redis://127.0.0.1:6379 by default) following the key layout of redis-queue.scripts.ts. The bench's Redis keys
// are deleted at the end, also on failure.
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { clearTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import mysql from 'mysql2/promise';
import { Pool, request as httpRequest } from 'undici';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = join(ROOT, 'bench', 'out');
const START_MARK = '<!-- bench:start -->';
const END_MARK = '<!-- bench:end -->';

const env = process.env;
const num = (name, fallback) => (env[name] ? Number(env[name]) : fallback);
const CONNECTIONS = num('BENCH_CONNECTIONS', 100);
const PING_REQUESTS = num('BENCH_PING_REQUESTS', 30_000);
const ISSUE_REQUESTS = num('BENCH_ISSUE_REQUESTS', 4000);
const SEATS_REQUESTS = num('BENCH_SEATS_REQUESTS', 10_000);
const POLL_REQUESTS = num('BENCH_POLL_REQUESTS', 10_000);
const CONTENTION_HOLDS = num('BENCH_CONTENTION_HOLDS', 2000);
const CONTENTION_USERS = num('BENCH_CONTENTION_USERS', 500);
const JOURNEY_USERS = num('BENCH_JOURNEY_USERS', 300);
const JOURNEY_CONCURRENCY = num('BENCH_JOURNEY_CONCURRENCY', 64);
const JOURNEY_WARMUP_USERS = 20;
const POLL_LEVELS = [1000, 10_000, 100_000];
const ISSUE_LINE = 100_000;
const PROFILE = env.BENCH_PROFILE === '1' || env.BENCH_PROFILE === 'true';
const OUTPUT = env.BENCH_OUTPUT ?? 'docs/benchmarks.md';
// BENCH_ONLY=issue,poll runs only these scenarios (ping, issue, seats, contention, journey, poll, and redis-poll,
// redis-issue, or redis for both, on the QUEUE_STORE=redis app) and writes no report: for profiling one hot path at
// a time.
const ONLY = env.BENCH_ONLY ? env.BENCH_ONLY.split(',').map((s) => s.trim()) : null;
const want = (key) => !ONLY || ONLY.includes(key) || (key.startsWith('redis-') && ONLY.includes('redis'));
const REDIS_URL = env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Filler tokens per Redis pipeline: one HSET each plus an MSET and two ZADDs, about 2,000 commands a pipeline. */
const REDIS_FILL_BATCH = 2000;

// The app's queue settings for the run: a large active set (every token issued before the poll phase gets in),
// a fast scheduler for the journey, and TTLs far beyond the run so nothing expires under a measurement.
const MAX_ACTIVE = 10_000;
const ACTIVATION_INTERVAL_MS = 200;
const LONG_TTL_SECONDS = 3600;
const HOLD_LIMIT = 4;

const db = {
  type: env.DB_TYPE ?? 'mariadb',
  host: env.DB_HOST ?? '127.0.0.1',
  port: Number(env.DB_PORT ?? 3306),
  user: env.DB_USERNAME ?? 'root',
  password: env.DB_PASSWORD ?? '',
  database: `concert_bench_${Date.now()}`,
};
/** The second app (QUEUE_STORE=redis) runs on its own database; its queue keys are prefixed with that name. */
const redisDatabase = `${db.database}_redis`;
const redisPrefix = `${redisDatabase}:queue:`;

// ---------------------------------------------------------------------------------------------------------------
// CPU accounting (Linux /proc): who burns the machine's CPU during a burst — the app, the database server, this
// load generator, or anything else running on the machine.

const CLK_TCK_MS = 10; // USER_HZ is 100 on Linux
const pids = { app: null, db: null, redis: null };
/** Monotonic µs (the clock V8 stamps .cpuprofile samples with): each measured burst's window, for profile-summary. */
const windows = [];
const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

function procCpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * CLK_TCK_MS;
  } catch {
    return null;
  }
}

const isLocal = (host) => ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host);

/** The pid of a local server process by its command name (comm). */
function findPid(host, names) {
  if (!isLocal(host)) return null;
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
        if (names.includes(comm)) return Number(entry);
      } catch {
        // gone
      }
    }
  } catch {
    // no /proc
  }
  return null;
}

function cpuSnapshot() {
  let busy = null;
  let total = null;
  try {
    const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0].trim().split(/\s+/).map(Number);
    total = ticks.slice(0, 8).reduce((a, b) => a + b, 0) * CLK_TCK_MS;
    busy = total - (ticks[3] + ticks[4]) * CLK_TCK_MS;
  } catch {
    // not Linux
  }
  const client = process.cpuUsage();
  return {
    app: pids.app ? procCpuMs(pids.app) : null,
    db: pids.db ? procCpuMs(pids.db) : null,
    redis: pids.redis ? procCpuMs(pids.redis) : null,
    client: (client.user + client.system) / 1000,
    busy,
    total,
  };
}

/** CPU milliseconds per request spent by each party between two snapshots, and how busy the machine was. */
function cpuPerRequest(before, after, requests) {
  const delta = (key) => (before[key] === null || after[key] === null ? null : after[key] - before[key]);
  const per = (ms) => (ms === null ? null : ms / requests);
  const app = delta('app');
  const dbMs = delta('db');
  const redisMs = delta('redis');
  const client = delta('client');
  const busy = delta('busy');
  const others = busy === null || app === null || dbMs === null ? null : busy - app - dbMs - (redisMs ?? 0) - client;
  return {
    app: per(app),
    db: per(dbMs),
    redis: per(redisMs),
    client: per(client),
    others: per(others === null ? null : Math.max(0, others)),
    machineBusy: busy === null ? null : busy / delta('total'),
  };
}

const log = (...args) => console.log(`[bench ${((performance.now() - T0) / 1000).toFixed(1)}s]`, ...args);
const T0 = performance.now();
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

// ---------------------------------------------------------------------------------------------------------------
// The app under test

function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/** Starts dist/main.js; `queueStore` 'redis' starts it with QUEUE_STORE=redis on its own database. */
async function startApp(port, { queueStore = 'database' } = {}) {
  mkdirSync(OUT_DIR, { recursive: true });
  const logPath = join(OUT_DIR, queueStore === 'redis' ? 'app-redis.log' : 'app.log');
  const logFile = createWriteStream(logPath);
  // BENCH_NODE_ARGS: extra flags for the app's node (e.g. --trace-gc), for diagnosis.
  const nodeArgs = env.BENCH_NODE_ARGS ? env.BENCH_NODE_ARGS.split(' ').filter(Boolean) : [];
  if (PROFILE) {
    // --cpu-prof writes its file on a normal exit; the preload turns SIGTERM into process.exit(0).
    nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${OUT_DIR}`, '--import', join(ROOT, 'bench', 'exit-on-sigterm.mjs'));
  }
  const child = spawn(process.execPath, [...nodeArgs, join(ROOT, 'dist', 'main.js')], {
    cwd: ROOT,
    env: {
      PATH: env.PATH,
      NODE_ENV: 'production',
      LOG_LEVEL: env.BENCH_LOG_LEVEL ?? 'warn',
      BENCH_MODE: 'true',
      PORT: String(port),
      DB_TYPE: db.type,
      DB_HOST: db.host,
      DB_PORT: String(db.port),
      DB_USERNAME: db.user,
      DB_PASSWORD: db.password,
      DB_DATABASE: queueStore === 'redis' ? redisDatabase : db.database,
      QUEUE_STORE: queueStore,
      REDIS_URL,
      SEED_DEMO_DATA: 'true',
      QUEUE_MAX_ACTIVE: String(MAX_ACTIVE),
      QUEUE_ACTIVATION_INTERVAL_MS: String(ACTIVATION_INTERVAL_MS),
      QUEUE_ACTIVE_TTL_SECONDS: String(LONG_TTL_SECONDS),
      QUEUE_WAITING_IDLE_SECONDS: String(LONG_TTL_SECONDS),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(logFile);
  child.stderr.pipe(logFile);
  const exited = new Promise((done) => child.once('exit', (code, signal) => done({ code, signal })));
  let gone = null;
  void exited.then((how) => (gone = how));

  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (gone) throw new Error(`The app exited while starting (${JSON.stringify(gone)}); see ${logPath}`);
    try {
      const res = await httpRequest(`${base}/health`);
      await res.body.dump();
      if (res.statusCode === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`The app did not answer /health within 90 s; see ${logPath}`);
    await sleep(200);
  }
  return {
    base,
    child,
    logPath,
    async stop() {
      if (gone) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Measuring

function percentile(sorted, p) {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function statusCounts(stats) {
  const counts = {};
  for (const [status, { count }] of Object.entries(stats)) counts[status] = count;
  return counts;
}

/** One autocannon burst of `amount` requests over `connections` keep-alive sockets. */
async function cannon(base, { amount, connections = CONNECTIONS, request }) {
  // autocannon's own duration is rounded up to its 1 s sampling tick; time the burst from its first request
  // to its last response instead.
  const cpuBefore = cpuSnapshot();
  const startUs = monotonicUs();
  const started = performance.now();
  let lastResponse = started;
  const instance = autocannon({ url: base, connections, amount, timeout: 30, requests: [request] });
  instance.on('response', () => (lastResponse = performance.now()));
  const result = await instance;
  const cpuAfter = cpuSnapshot();
  const window = { startUs, endUs: monotonicUs() };
  const statuses = statusCounts(result.statusCodeStats);
  const answered = Object.values(statuses).reduce((sum, n) => sum + n, 0);
  const seconds = (lastResponse - started) / 1000;
  return {
    requests: answered,
    seconds,
    rps: answered / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
    cpu: cpuPerRequest(cpuBefore, cpuAfter, answered),
    window,
  };
}

/** A short unmeasured burst of the same request first, then the measured one. */
async function scenario(base, { warmup, ...options }) {
  if (warmup) await cannon(base, { ...options, amount: warmup });
  return cannon(base, options);
}

function jsonRequest(method, path, extra = {}) {
  return { method, path, headers: { 'content-type': 'application/json', ...extra.headers }, ...extra };
}

// A small client for setup and the journey: one keep-alive pool, per-request latency.
function client(base) {
  const pool = new Pool(base, { connections: 128 });
  return {
    pool,
    async call(method, path, { token, body, headers } = {}) {
      const h = { ...headers };
      if (token) h['x-queue-token'] = token;
      let payload;
      if (body !== undefined) {
        payload = JSON.stringify(body);
        h['content-type'] = 'application/json';
      }
      const started = performance.now();
      const res = await pool.request({ method, path, headers: h, body: payload });
      const text = await res.body.text();
      const ms = performance.now() - started;
      let json;
      try {
        json = text ? JSON.parse(text) : null;
      } catch {
        json = { raw: text };
      }
      return { status: res.statusCode, body: json, ms };
    },
  };
}

async function mapLimit(items, limit, work) {
  const results = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i], i);
      }
    }),
  );
  return results;
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

// ---------------------------------------------------------------------------------------------------------------
// Setup helpers (HTTP for tokens; SQL only to pre-fill the line and to top up the active set)

async function issueTokens(http, count) {
  const users = Array.from({ length: count }, () => randomUUID());
  return mapLimit(users, 50, async (userId) => {
    const res = await http.call('POST', '/queue/tokens', { body: { userId } });
    expect(res.status === 201, `POST /queue/tokens answered ${res.status}: ${JSON.stringify(res.body)}`);
    return { userId, token: res.body.token };
  });
}

async function waitUntilNoneWaiting(sql, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [[row]] = await sql.query(`SELECT COUNT(*) AS n FROM queue_token WHERE status = 'WAITING'`);
    if (Number(row.n) === 0) return;
    expect(Date.now() < deadline, `${row.n} tokens still WAITING after ${timeoutMs} ms`);
    await sleep(ACTIVATION_INTERVAL_MS);
  }
}

/** Issues `count` tokens over HTTP and waits until the scheduler has admitted every one of them. */
async function activeUsers(http, sql, count) {
  const users = await issueTokens(http, count);
  await waitUntilNoneWaiting(sql);
  const statuses = await mapLimit(users, 50, (u) => http.call('GET', '/queue/status', { token: u.token }));
  expect(
    statuses.every((res) => res.status === 200 && res.body.status === 'ACTIVE'),
    'a token the scheduler admitted is not ACTIVE over HTTP',
  );
  return users;
}

/** Runs `work(conn)` in one transaction holding the admission mutex, so no scheduler tick interleaves. */
async function underAdmissionLock(sql, work) {
  const conn = await sql.getConnection();
  try {
    await conn.beginTransaction();
    await conn.query(`SELECT name FROM queue_lock WHERE name = 'admission' FOR UPDATE`);
    const result = await work(conn);
    await conn.commit();
    return result;
  } catch (error) {
    await conn.rollback();
    throw error;
  } finally {
    conn.release();
  }
}

function fillerRows(n, status, now, until) {
  return Array.from({ length: n }, () => {
    const user = randomUUID();
    return [randomBytes(32), randomBytes(16), user, user, status, now, now, status === 'ACTIVE' ? now : null, until];
  });
}

async function insertFillers(conn, n, status) {
  const now = new Date();
  const until = new Date(now.getTime() + 3 * 3600_000);
  for (let done = 0; done < n;) {
    const batch = Math.min(5000, n - done);
    await conn.query(
      `INSERT INTO queue_token (token_hash, nonce, user_id, live_user_id, status, created_at, last_seen_at, activated_at, expires_at) VALUES ?`,
      [fillerRows(batch, status, now, until)],
    );
    done += batch;
  }
}

/** Fills the active set up to QUEUE_MAX_ACTIVE, so that no tick admits anyone during the poll scenarios. */
async function fillActiveSet(sql) {
  return underAdmissionLock(sql, async (conn) => {
    const [[row]] = await conn.query(`SELECT COUNT(*) AS n FROM queue_token WHERE status = 'ACTIVE'`);
    const missing = MAX_ACTIVE - Number(row.n);
    if (missing > 0) await insertFillers(conn, missing, 'ACTIVE');
    return missing;
  });
}

/**
 * Makes the line `total - 1` WAITING tokens long (the benchmark then issues the last one over HTTP), and
 * rebuilds queue_bucket from the table so that positions stay exact.
 */
async function fillWaitingLine(sql, total, { atLeast = false } = {}) {
  return underAdmissionLock(sql, async (conn) => {
    const [[row]] = await conn.query(`SELECT COUNT(*) AS n FROM queue_token WHERE status = 'WAITING'`);
    const missing = Math.max(0, total - 1 - Number(row.n));
    expect(
      atLeast || missing === total - 1 - Number(row.n),
      `the line already holds ${row.n} tokens, more than ${total - 1}`,
    );
    await insertFillers(conn, missing, 'WAITING');
    await conn.query('DELETE FROM queue_bucket');
    await conn.query(
      `INSERT INTO queue_bucket (bucket, shard, waiting)
       SELECT FLOOR(id / 1000), id % 8, COUNT(*) FROM queue_token WHERE status = 'WAITING'
        GROUP BY FLOOR(id / 1000), id % 8`,
    );
    const [[check]] = await conn.query(
      `SELECT (SELECT COALESCE(SUM(waiting), 0) FROM queue_bucket) AS counted,
              (SELECT COUNT(*) FROM queue_token WHERE status = 'WAITING') AS waiting`,
    );
    expect(Number(check.counted) === Number(check.waiting), 'queue_bucket does not match the waiting tokens');
    return missing;
  });
}

// The same for the QUEUE_STORE=redis app: filler tokens written straight into Redis, following the key layout at
// the top of src/modules/queue/infrastructure/redis/redis-queue.scripts.ts (ids from INCRBY seq, so that the tokens
// issued over HTTP afterwards come after them in the line).

/** Writes `n` filler tokens with `status` (WAITING or ACTIVE), expiring far beyond the run, in pipelines. */
async function insertRedisFillers(redis, n, status) {
  const now = Date.now();
  const until = now + 3 * 3600_000;
  for (let done = 0; done < n;) {
    const batch = Math.min(REDIS_FILL_BATCH, n - done);
    const last = await redis.incrby(`${redisPrefix}seq`, batch);
    const pipeline = redis.pipeline();
    const strings = [];
    const scored = [];
    const idle = [];
    for (let id = last - batch + 1; id <= last; id++) {
      const userId = randomUUID();
      const hash = randomBytes(32).toString('hex');
      pipeline.hset(
        `${redisPrefix}token:${id}`,
        'userId',
        userId,
        'nonce',
        randomBytes(16).toString('base64'),
        'hash',
        hash,
        'status',
        status,
        'endedReason',
        '',
        'lastSeenAt',
        now,
        'activatedAt',
        status === 'ACTIVE' ? now : '',
        'expiresAt',
        until,
      );
      strings.push(`${redisPrefix}hash:${hash}`, id, `${redisPrefix}live:${userId}`, id);
      // waiting: id → id (FIFO); active: id → active expiry; idle: id → idle expiry.
      scored.push(status === 'ACTIVE' ? until : id, id);
      if (status === 'WAITING') idle.push(until, id);
    }
    pipeline.mset(...strings);
    pipeline.zadd(`${redisPrefix}${status === 'ACTIVE' ? 'active' : 'waiting'}`, ...scored);
    if (idle.length) pipeline.zadd(`${redisPrefix}idle`, ...idle);
    const results = await pipeline.exec();
    const failure = results.find(([error]) => error);
    if (failure) throw failure[0];
    done += batch;
  }
}

/**
 * Fills the Redis active set up to QUEUE_MAX_ACTIVE (far-future expiry) before anyone waits, so that the scheduler's
 * ADMIT script finds no free slot from here on.
 */
async function fillRedisActiveSet(redis) {
  const waiting = await redis.zcard(`${redisPrefix}waiting`);
  expect(waiting === 0, `the Redis line should be empty before the active set is filled, it holds ${waiting}`);
  const missing = MAX_ACTIVE - (await redis.zcard(`${redisPrefix}active`));
  if (missing > 0) await insertRedisFillers(redis, missing, 'ACTIVE');
  const active = await redis.zcard(`${redisPrefix}active`);
  expect(active === MAX_ACTIVE, `the Redis active set holds ${active} tokens, expected ${MAX_ACTIVE}`);
  return missing;
}

/** Makes the Redis line `total - 1` WAITING tokens long (the benchmark then issues the last one over HTTP). */
async function fillRedisWaitingLine(redis, total, { atLeast = false } = {}) {
  const before = await redis.zcard(`${redisPrefix}waiting`);
  const missing = Math.max(0, total - 1 - before);
  expect(atLeast || missing === total - 1 - before, `the Redis line already holds ${before}, more than ${total - 1}`);
  await insertRedisFillers(redis, missing, 'WAITING');
  const [waiting, idle, active] = await Promise.all([
    redis.zcard(`${redisPrefix}waiting`),
    redis.zcard(`${redisPrefix}idle`),
    redis.zcard(`${redisPrefix}active`),
  ]);
  expect(
    waiting === before + missing && idle === waiting && active === MAX_ACTIVE,
    `Redis after the fill: waiting ${waiting} (expected ${before + missing}), idle ${idle}, active ${active}`,
  );
  return missing;
}

/** Deletes every key under the bench's Redis prefix (SCAN MATCH prefix* + DEL). */
async function deleteRedisKeys(redis) {
  let deleted = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${redisPrefix}*`, 'COUNT', 5000);
    if (keys.length) deleted += await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  return deleted;
}

// ---------------------------------------------------------------------------------------------------------------
// Scenarios

async function benchPing(base) {
  return scenario(base, { warmup: 10_000, amount: PING_REQUESTS, request: { method: 'GET', path: '/ping' } });
}

async function benchIssue(base) {
  const request = jsonRequest('POST', '/queue/tokens', {
    setupRequest: (req) => ({ ...req, body: JSON.stringify({ userId: randomUUID() }) }),
  });
  return scenario(base, { warmup: 500, amount: ISSUE_REQUESTS, request });
}

async function benchSeats(base, users, seatsPath) {
  let next = 0;
  const request = {
    method: 'GET',
    path: seatsPath,
    setupRequest: (req) => ({ ...req, headers: { 'x-queue-token': users[next++ % users.length].token } }),
  };
  return scenario(base, { warmup: 1000, amount: SEATS_REQUESTS, request });
}

/**
 * `holds` holds on the 50 seats of one date over `pool` (its keep-alive connections already open), CONNECTIONS in
 * flight: request k by user k mod users (each user sends at most 4 when users ≥ holds / 4, the per-user limit, spread
 * over the burst) for seat k mod 50 + 1. Counts statuses and error codes; latency per request and per outcome.
 */
async function holdBurst(pool, users, concertId, date, holds) {
  const statuses = {};
  const codes = {};
  const all = [];
  const byOutcome = { won: [], lost: [] };
  let errors = 0;
  const cpuBefore = cpuSnapshot();
  const startUs = monotonicUs();
  const started = performance.now();
  await mapLimit(
    Array.from({ length: holds }, (_, k) => k),
    CONNECTIONS,
    async (k) => {
      const user = users[k % users.length];
      const body = JSON.stringify({ concertId, date, seatNumber: (k % 50) + 1 });
      const sent = performance.now();
      try {
        const res = await pool.request({
          method: 'POST',
          path: '/reservations',
          headers: { 'content-type': 'application/json', 'x-queue-token': user.token },
          body,
        });
        const text = await res.body.text();
        const ms = performance.now() - sent;
        all.push(ms);
        (res.statusCode < 300 ? byOutcome.won : byOutcome.lost).push(ms);
        statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
        if (res.statusCode >= 300) {
          let code = 'unknown';
          try {
            code = JSON.parse(text).code;
          } catch {
            // not JSON
          }
          codes[`${res.statusCode} ${code}`] = (codes[`${res.statusCode} ${code}`] ?? 0) + 1;
        }
      } catch {
        errors++;
      }
    },
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuPerRequest(cpuBefore, cpuSnapshot(), all.length);
  const window = { startUs, endUs: monotonicUs() };
  const latency = {};
  for (const [outcome, list] of Object.entries(byOutcome)) {
    list.sort((x, y) => x - y);
    latency[outcome] = { p50: percentile(list, 50), p99: percentile(list, 99), max: list.at(-1) ?? 0 };
  }
  all.sort((x, y) => x - y);
  return {
    requests: all.length,
    seconds,
    rps: all.length / seconds,
    p50: percentile(all, 50),
    p99: percentile(all, 99),
    statuses,
    errors,
    cpu,
    window,
    codes,
    latency,
  };
}

async function benchContention(base, sql, users, warmupUsers, concertId, date, warmupDate) {
  // Its own pool of CONNECTIONS keep-alive connections, opened before the clock starts: a burst of fresh connections
  // measured the load generator's connection ramp-up (the last of 100 new sockets waited up to ~0.5 s for its first
  // answer while every hold inside the app took < 0.2 s), not the holds.
  const pool = new Pool(base, { connections: CONNECTIONS });
  try {
    await mapLimit(Array.from({ length: CONNECTIONS * 4 }), CONNECTIONS, async () => {
      const res = await pool.request({ method: 'GET', path: '/ping' });
      await res.body.dump();
    });
    // Warm-up on another date of the same concert, by other users (holds count against the per-user limit).
    await holdBurst(pool, warmupUsers, concertId, warmupDate, Math.min(200, warmupUsers.length * HOLD_LIMIT));
    return await checkContention(sql, await holdBurst(pool, users, concertId, date, CONTENTION_HOLDS), concertId, date);
  } finally {
    await pool.close();
  }
}

async function checkContention(sql, result, concertId, date) {
  const [[held]] = await sql.query(
    `SELECT COUNT(*) AS seats, COUNT(DISTINCT s.reservation_id) AS reservations
       FROM seat s JOIN concert_date d ON d.id = s.concert_date_id
      WHERE d.concert_id = ? AND d.date = ? AND s.status = 'HELD'`,
    [concertId, date],
  );
  const [[rows]] = await sql.query(
    `SELECT COUNT(*) AS n FROM reservation WHERE concert_id = ? AND date = ? AND status = 'HELD'`,
    [concertId, date],
  );
  const wins = result.statuses['201'] ?? 0;
  const serverErrors = Object.entries(result.statuses)
    .filter(([status]) => Number(status) >= 500)
    .reduce((sum, [, n]) => sum + n, 0);
  const checks = {
    wins,
    seatUnavailable: result.codes['409 SEAT_UNAVAILABLE'] ?? 0,
    serverErrors,
    heldSeatsInDb: Number(held.seats),
    heldReservationsInDb: Number(rows.n),
  };
  checks.ok =
    wins === 50 &&
    serverErrors === 0 &&
    result.errors === 0 &&
    checks.seatUnavailable === result.requests - 50 &&
    checks.heldSeatsInDb === 50 &&
    checks.heldReservationsInDb === 50 &&
    Number(held.reservations) === 50;
  return { ...result, checks };
}

async function journey(http, userId, seat, latencies, failures) {
  const started = performance.now();
  const step = async (name, expected, method, path, options) => {
    const res = await http.call(method, path, options);
    latencies.push(res.ms);
    if (res.status !== expected) {
      const key = `${name} ${res.status} ${res.body?.code ?? ''}`.trim();
      failures[key] = (failures[key] ?? 0) + 1;
      return null;
    }
    return res;
  };
  const issued = await step('issue', 201, 'POST', '/queue/tokens', { body: { userId } });
  if (!issued) return null;
  const { token } = issued.body;
  let status = issued.body.status;
  while (status !== 'ACTIVE') {
    await sleep(100);
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
  if (!paid) return null;
  return performance.now() - started;
}

async function benchJourney(http, sql, seats) {
  const run = async (count, offset) => {
    const latencies = [];
    const failures = {};
    const cpuBefore = cpuSnapshot();
    const startUs = monotonicUs();
    const started = performance.now();
    const durations = await mapLimit(
      Array.from({ length: count }, (_, i) => seats[offset + i]),
      JOURNEY_CONCURRENCY,
      (seat) => journey(http, randomUUID(), seat, latencies, failures),
    );
    const seconds = (performance.now() - started) / 1000;
    const cpu = cpuPerRequest(cpuBefore, cpuSnapshot(), latencies.length);
    const window = { startUs, endUs: monotonicUs() };
    return { seconds, latencies, failures, cpu, window, durations: durations.filter((d) => d !== null) };
  };
  const warm = await run(JOURNEY_WARMUP_USERS, 0);
  if (Object.keys(warm.failures).length) log(`journey warm-up failures: ${JSON.stringify(warm.failures)}`);
  const users = Math.min(JOURNEY_USERS, seats.length - JOURNEY_WARMUP_USERS);
  const { seconds, latencies, failures, durations, cpu, window } = await run(users, JOURNEY_WARMUP_USERS);
  latencies.sort((a, b) => a - b);
  durations.sort((a, b) => a - b);
  const [[sold]] = await sql.query(`SELECT COUNT(*) AS n FROM seat WHERE status = 'SOLD'`);
  const [[payments]] = await sql.query(`SELECT COUNT(*) AS n, SUM(status = 'COMPLETED') AS completed FROM payment`);
  const [[confirmed]] = await sql.query(`SELECT COUNT(*) AS n FROM reservation WHERE status = 'CONFIRMED'`);
  const completed = durations.length;
  const checks = {
    users,
    completed,
    soldSeats: Number(sold.n),
    payments: Number(payments.n),
    confirmedReservations: Number(confirmed.n),
  };
  checks.warmupFailures = warm.failures;
  checks.ok =
    completed === users &&
    Object.keys(warm.failures).length === 0 &&
    checks.soldSeats === checks.payments &&
    checks.payments === Number(payments.completed) &&
    checks.confirmedReservations === checks.payments &&
    checks.payments === users + warm.durations.length;
  const statuses = {};
  for (const [key, n] of Object.entries(failures)) {
    const status = key.split(' ')[1];
    statuses[status] = (statuses[status] ?? 0) + n;
  }
  return {
    requests: latencies.length,
    seconds,
    rps: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    statuses: { '2xx': latencies.length - Object.values(failures).reduce((a, b) => a + b, 0), ...statuses },
    errors: 0,
    cpu,
    window,
    failures,
    bookingsPerSecond: completed / seconds,
    bookingP50: percentile(durations, 50),
    bookingP99: percentile(durations, 99),
    checks,
  };
}

/** `fillLine(total)` makes the line `total - 1` long, in the store of the app at `base`. */
async function benchPoll(base, http, fillLine, level) {
  const prefilled = await fillLine(level);
  const [polled] = await issueTokens(http, 1);
  const first = await http.call('GET', '/queue/status', { token: polled.token });
  expect(
    first.body.status === 'WAITING' && first.body.position === level,
    `the polled token should be WAITING at position ${level}, got ${JSON.stringify(first.body)}`,
  );
  const request = { method: 'GET', path: '/queue/status', headers: { 'x-queue-token': polled.token } };
  const result = await scenario(base, { warmup: 1000, amount: POLL_REQUESTS, request });
  const last = await http.call('GET', '/queue/status', { token: polled.token });
  expect(
    last.body.status === 'WAITING' && last.body.position === level,
    `after the run the polled token should still be WAITING at ${level}, got ${JSON.stringify(last.body)}`,
  );
  return { ...result, prefilled };
}

// ---------------------------------------------------------------------------------------------------------------
// Report

const fmt = (n, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const pct = (ratio) => `${fmt(ratio * 100)} %`;

function nonOk(statuses) {
  const parts = Object.entries(statuses)
    .filter(([status]) => !(status === '2xx' || (Number(status) >= 200 && Number(status) < 300)))
    .map(([status, n]) => `${status}: ${fmt(n)}`);
  return parts.length ? parts.join(', ') : '—';
}

function cpuTable(rows) {
  const ms = (v) => (v === null || v === undefined ? 'n/a' : fmt(v, 2));
  const lines = [
    '| Scenario | app | database | Redis | load generator | other processes | machine busy |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const { name, r } of rows) {
    const c = r.cpu ?? {};
    const busy = c.machineBusy === null || c.machineBusy === undefined ? 'n/a' : pct(c.machineBusy);
    lines.push(
      `| ${name} | ${ms(c.app)} | ${ms(c.db)} | ${ms(c.redis)} | ${ms(c.client)} | ${ms(c.others)} | ${busy} |`,
    );
  }
  return lines.join('\n');
}

function table(rows, baseline) {
  const lines = [
    '| Scenario | Requests | req/s | p50 ms | p99 ms | Non-2xx by status | vs baseline |',
    '| --- | ---: | ---: | ---: | ---: | --- | ---: |',
  ];
  for (const { name, r } of rows) {
    const errors = r.errors ? ` (+${fmt(r.errors)} socket errors)` : '';
    lines.push(
      `| ${name} | ${fmt(r.requests)} | ${fmt(r.rps)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${nonOk(r.statuses)}${errors} | ${pct(r.rps / baseline.rps)} |`,
    );
  }
  return lines.join('\n');
}

async function machine(sql, redis) {
  const cpus = os.cpus();
  let model = cpus[0]?.model?.trim() ?? 'unknown';
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    model = /^model name\s*:\s*(.+)$/m.exec(info)?.[1]?.trim() ?? model;
  } catch {
    // not Linux
  }
  const [[version]] = await sql.query('SELECT VERSION() AS v');
  const [[flush]] = await sql.query(`SELECT @@innodb_flush_log_at_trx_commit AS v`);
  const info = await redis.info('server');
  const persistence = await redis.config('GET', 'appendonly');
  return {
    cpu: model,
    cores: cpus.length,
    memoryGiB: os.totalmem() / 2 ** 30,
    node: process.version,
    db: `${db.type} ${version.v} (innodb_flush_log_at_trx_commit=${flush.v})`,
    redis: `Redis ${/redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown'} (appendonly=${persistence[1] ?? 'unknown'})`,
    load: os.loadavg(),
  };
}

/** The fastest of the GET /ping runs: a baseline slowed by a burst of other load would flatter every ratio. */
function baselineOf(byKey) {
  return [byKey.pingEnd, byKey.pingRedis].reduce((best, r) => (r && r.rps > best.rps ? r : best), byKey.ping);
}

function report({ date, host, rows, byKey, contention, journeyResult, calendar, journeyDates, totalSeconds }) {
  const baseline = baselineOf(byKey);
  // [target, store, measured row, row it is compared with, minimum ratio]
  const queueChecks = (store, k) => [
    ['Queue poll at 10,000 waiting ≥ 50 % of baseline', store, byKey[k('poll10000')], baseline, 0.5],
    ['Token issue ≥ 30 % of baseline', store, byKey[k('issue')], baseline, 0.3],
    ['Poll at 100,000 waiting ≥ 80 % of poll at 1,000', store, byKey[k('poll100000')], byKey[k('poll1000')], 0.8],
  ];
  const checks = [
    ...queueChecks('database', (key) => key),
    ...queueChecks('redis', (key) => `redis${key[0].toUpperCase()}${key.slice(1)}`),
  ]
    .filter(([, , r, over]) => r && over)
    .map(([name, store, r, over, min]) => ({ name, store, ratio: r.rps / over.rps, met: r.rps / over.rps >= min }));
  const targetLines = checks.map(
    ({ name, store, ratio, met }) =>
      `| ${name}, QUEUE_STORE=${store} | ${pct(ratio)} | ${met ? 'met' : '**not met**'} |`,
  );
  const verdicts = (store) => {
    const mine = checks.filter((check) => check.store === store);
    const names = (list) => list.map((check) => `"${check.name}"`).join(', ');
    const met = mine.filter((check) => check.met);
    const notMet = mine.filter((check) => !check.met);
    if (!notMet.length) return `QUEUE_STORE=${store} meets all ${mine.length} queue targets.`;
    if (!met.length) return `QUEUE_STORE=${store} meets none of the queue targets.`;
    return `QUEUE_STORE=${store} meets ${names(met)}, not ${names(notMet)}.`;
  };
  targetLines.push(
    `| Contention p99 ≤ 200 ms | ${fmt(contention.p99)} ms | ${contention.p99 <= 200 ? 'met' : '**not met**'} |`,
  );
  const c = contention.checks;
  const j = journeyResult.checks;
  const codes = Object.entries(contention.codes)
    .map(([code, n]) => `${code}: ${fmt(n)}`)
    .join(', ');
  const failures = Object.entries(journeyResult.failures)
    .map(([key, n]) => `${key}: ${n}`)
    .join(', ');
  const { won, lost } = contention.latency;
  return [
    START_MARK,
    `Run of ${date} (generated by \`npm run bench\`; ${fmt(totalSeconds)} s in all, build excluded).`,
    '',
    `- CPU: ${host.cpu}, ${host.cores} cores, ${fmt(host.memoryGiB, 1)} GiB RAM; load average at start ${host.load.map((l) => fmt(l, 2)).join(' / ')}`,
    `- Node.js ${host.node}; database ${host.db}; ${host.redis}`,
    `- Load generator: autocannon, ${CONNECTIONS} keep-alive connections, a fixed number of requests per burst after a warm-up burst; ` +
      `the contention uses undici with ${CONNECTIONS} connections, the journey ${JOURNEY_CONCURRENCY} users in flight. ` +
      'Load generator, app, database and Redis share the machine.',
    `- App: \`node dist/main.js\`, NODE_ENV=production, LOG_LEVEL=warn, BENCH_MODE=true, QUEUE_MAX_ACTIVE=${MAX_ACTIVE}, ` +
      `QUEUE_ACTIVATION_INTERVAL_MS=${ACTIVATION_INTERVAL_MS}, QUEUE_ACTIVE_TTL_SECONDS and QUEUE_WAITING_IDLE_SECONDS=${LONG_TTL_SECONDS}, ` +
      `demo seed (${new Set(calendar.map((d) => d.concertId)).size} concerts, ${calendar.length} dates × 50 seats). ` +
      'The rows without a store run against this app with the default QUEUE_STORE=database; the rows marked ' +
      `QUEUE_STORE=redis against a second app process, same build and settings plus QUEUE_STORE=redis (REDIS_URL=${REDIS_URL}, ` +
      'its own database), started after the first one was stopped.',
    '',
    table(rows, baseline),
    '',
    `Latencies are per request (autocannon; undici for the contention and the journey). "vs baseline" is req/s over ${fmt(baseline.rps)} req/s, ` +
      'the fastest of the `GET /ping` runs. The queue polls use one token at the back of the line; before them the active ' +
      'set is topped up to QUEUE_MAX_ACTIVE (SQL filler rows) so that no admission moves it, and the line is filled by SQL ' +
      'with queue_bucket rebuilt to match. Token issue runs last, against that full active set and a long line. ' +
      'The QUEUE_STORE=redis pass repeats the same scenarios in the same order: its active set is filled to ' +
      'QUEUE_MAX_ACTIVE and its line pre-filled straight into Redis (pipelined HSET token hashes, hash and live keys, ZADD ' +
      'waiting/idle/active, ids from INCRBY seq, as laid out in redis-queue.scripts.ts); the polled token, issued last over ' +
      'HTTP, is checked at its exact position before and after each burst, as in the first pass.',
    '',
    '### Where the CPU goes (CPU ms per request, from /proc)',
    '',
    cpuTable(rows),
    '',
    '"Redis" is the local redis-server process. ' +
      '"machine busy" is the share of both cores in use during the burst; "other processes" is whatever else ran on the ' +
      "machine at the time (other sessions' test runs: the numbers are noisy, compare ratios within one run).",
    '',
    '### Targets',
    '',
    '| Target | Measured | Verdict |',
    '| --- | ---: | --- |',
    ...targetLines,
    '',
    `${verdicts('database')} ${verdicts('redis')}`,
    '',
    '### Contention',
    '',
    `${fmt(contention.requests)} holds from ${CONTENTION_USERS} ACTIVE users (request k by user k mod ${CONTENTION_USERS}, for ` +
      `seat k mod 50 + 1) on the 50 seats of one date: **${c.wins} × 201** (must be 50), ${codes || 'no errors'}, ` +
      `**${c.serverErrors} × 5xx** (must be 0); p50 ${fmt(contention.p50)} ms, p99 ${fmt(contention.p99)} ms, ` +
      `${fmt(contention.rps)} holds/s, over ${CONNECTIONS} keep-alive connections opened before the burst. By outcome: wins p50 ${fmt(won.p50)} / p99 ${fmt(won.p99)} ms, ` +
      `refusals p50 ${fmt(lost.p50)} / p99 ${fmt(lost.p99)} / max ${fmt(lost.max)} ms. ` +
      `In the database afterwards: ${c.heldSeatsInDb} HELD seats, ${c.heldReservationsInDb} HELD reservations. ` +
      `Check: **${c.ok ? 'passed' : 'FAILED'}**.`,
    '',
    '### Full journey',
    '',
    `${j.users} users, ${JOURNEY_CONCURRENCY} at a time, each: issue a token → poll every 100 ms until ACTIVE → hold a seat ` +
      `(distinct seats over ${journeyDates.length} dates of ${new Set(journeyDates.map((d) => d.concertId)).size} concerts) → ` +
      `charge the price → pay with an Idempotency-Key. ` +
      `**${fmt(journeyResult.bookingsPerSecond, 1)} completed bookings/s** (${j.completed} in ${fmt(journeyResult.seconds, 1)} s); ` +
      `a booking takes p50 ${fmt(journeyResult.bookingP50)} ms, p99 ${fmt(journeyResult.bookingP99)} ms end to end, ` +
      `admission wait included. Failed steps: ${failures || 'none'}` +
      (Object.keys(j.warmupFailures).length ? ` (in the warm-up: ${JSON.stringify(j.warmupFailures)})` : '') +
      '. ' +
      `In the database afterwards: ${j.soldSeats} SOLD seats, ${j.payments} payments, ${j.confirmedReservations} CONFIRMED reservations ` +
      `(${JOURNEY_WARMUP_USERS} warm-up users included). Check: **${j.ok ? 'passed' : 'FAILED'}**.`,
    END_MARK,
  ].join('\n');
}

function writeReport(markdown) {
  if (OUTPUT === '-') return;
  const path = resolve(ROOT, OUTPUT);
  mkdirSync(dirname(path), { recursive: true });
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const start = current.indexOf(START_MARK);
  const end = current.indexOf(END_MARK);
  let next;
  if (start >= 0 && end > start) {
    next = current.slice(0, start) + markdown + current.slice(end + END_MARK.length);
  } else {
    next = `# Benchmarks\n\nHow to run and what is measured: see README.md, section "Benchmarks".\n\n## Latest run\n\n${markdown}\n`;
  }
  writeFileSync(path, next);
  log(`wrote ${OUTPUT}`);
}

// ---------------------------------------------------------------------------------------------------------------

async function dropDatabases() {
  const conn = await mysql.createConnection({ host: db.host, port: db.port, user: db.user, password: db.password });
  try {
    for (const name of [db.database, redisDatabase]) await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
  } finally {
    await conn.end();
  }
}

async function main() {
  expect(
    existsSync(join(ROOT, 'dist', 'main.js')),
    'dist/main.js is missing: run `npm run build` (npm run bench does)',
  );
  const admittedTokens = CONTENTION_USERS + 50 + JOURNEY_USERS + JOURNEY_WARMUP_USERS;
  expect(admittedTokens < MAX_ACTIVE, `the scenarios need ${admittedTokens} ACTIVE tokens, more than the active set`);
  const date = new Date().toISOString();
  let app = null;
  let appRedis = null;
  let sql = null;
  let http = null;
  let httpRedis = null;
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  let failed = false;
  const stopAll = async () => {
    await http?.pool.close().catch(() => undefined);
    await httpRedis?.pool.close().catch(() => undefined);
    await sql?.end().catch(() => undefined);
    await appRedis?.stop().catch(() => undefined);
    await app?.stop().catch(() => undefined);
    if (env.BENCH_KEEP_DATABASE === '1') {
      redis.disconnect();
      return log(
        `kept databases ${db.database}, ${redisDatabase} and Redis keys ${redisPrefix}* (BENCH_KEEP_DATABASE=1)`,
      );
    }
    if (redis.status === 'ready') {
      await deleteRedisKeys(redis)
        .then((n) => log(`deleted ${fmt(n)} Redis keys ${redisPrefix}*`))
        .catch((error) => console.error(`Could not delete the Redis keys ${redisPrefix}*: ${error.message}`));
    }
    await redis.quit().catch(() => redis.disconnect());
    await dropDatabases().catch((error) => console.error(`Could not drop the bench databases: ${error.message}`));
  };
  process.once('SIGINT', () => {
    console.error('Interrupted: stopping the apps, deleting the Redis keys and dropping the bench databases');
    void stopAll().finally(() => process.exit(130));
  });
  try {
    const port = await freePort();
    log(`starting the app on port ${port}, database ${db.database}`);
    app = await startApp(port);
    const { base } = app;
    pids.app = app.child.pid;
    pids.db = findPid(db.host, ['mariadbd', 'mysqld']);
    pids.redis = findPid(new URL(REDIS_URL).hostname, ['redis-server']);
    await redis.connect();
    sql = mysql.createPool({
      host: db.host,
      port: db.port,
      user: db.user,
      password: db.password,
      database: db.database,
      connectionLimit: 4,
      timezone: 'Z',
      dateStrings: ['DATE'],
    });
    http = client(base);
    const host = await machine(sql, redis);

    const rows = [];
    const byKey = {};
    const record = (key, name, r) => {
      byKey[key] = r;
      rows.push({ name, r });
      if (r.window) windows.push({ key, ...r.window });
      log(
        `${name}: ${fmt(r.rps)} req/s, p50 ${fmt(r.p50)} ms, p99 ${fmt(r.p99)} ms, statuses ${JSON.stringify(r.statuses)}`,
      );
    };

    log('baseline: GET /ping');
    record('ping', 'Baseline `GET /ping`', await benchPing(base));

    let contention = null;
    let journeyResult = null;
    let calendar = [];
    let journeyDates = [];
    if (want('seats') || want('contention') || want('journey')) {
      const activeCount = want('seats') || want('contention') ? CONTENTION_USERS + 50 : 1;
      log(`getting ${activeCount} ACTIVE users`);
      const active = await activeUsers(http, sql, activeCount);
      const contentionUsers = active.slice(0, CONTENTION_USERS);
      const warmupUsers = active.slice(CONTENTION_USERS);

      const concerts = (await http.call('GET', '/concerts')).body.concerts;
      for (const concert of concerts) {
        const res = await http.call('GET', `/concerts/${concert.id}/dates`, { token: active[0].token });
        for (const d of res.body.dates) calendar.push({ concertId: concert.id, date: d.date });
      }
      expect(calendar.length >= 4, `the demo seed should give at least 4 dates, got ${calendar.length}`);
      const [contentionDate, contentionWarmupDate, ...rest] = calendar;
      journeyDates = rest;
      expect(contentionWarmupDate.concertId === contentionDate.concertId, 'the first concert should have two dates');

      if (want('seats')) {
        const seatsPath = `/concerts/${journeyDates[0].concertId}/dates/${journeyDates[0].date}/seats`;
        const seatCheck = await http.call('GET', seatsPath, { token: active[0].token });
        expect(
          seatCheck.status === 200 && seatCheck.body.seats.length === 50,
          'the seat list should have 50 free seats',
        );
        log('GET free seats with ACTIVE tokens');
        record(
          'seats',
          '`GET /concerts/:id/dates/:date/seats` (ACTIVE, 50 free seats)',
          await benchSeats(base, active, seatsPath),
        );
      }

      if (want('contention')) {
        log(`contention: ${CONTENTION_HOLDS} holds over 50 seats`);
        contention = await benchContention(
          base,
          sql,
          contentionUsers,
          warmupUsers,
          contentionDate.concertId,
          contentionDate.date,
          contentionWarmupDate.date,
        );
        record('contention', `Contention: ${fmt(contention.requests)} holds on 50 seats`, contention);
        log(`contention checks: ${JSON.stringify(contention.checks)} codes ${JSON.stringify(contention.codes)}`);
        const { won, lost } = contention.latency;
        log(
          `contention: wins p50/p99 ${fmt(won.p50)}/${fmt(won.p99)} ms, refusals p50/p99 ${fmt(lost.p50)}/${fmt(lost.p99)} ms`,
        );
        if (!contention.checks.ok) failed = true;
      }

      if (want('journey')) {
        log(`full journey: ${JOURNEY_USERS} users, ${JOURNEY_CONCURRENCY} in flight`);
        const journeySeats = journeyDates.flatMap((d) =>
          Array.from({ length: 50 }, (_, i) => ({ concertId: d.concertId, date: d.date, seatNumber: i + 1 })),
        );
        // Interleave dates so that concurrent users spread over the dates, as real buyers would.
        journeySeats.sort(
          (a, b) => a.seatNumber - b.seatNumber || a.date.localeCompare(b.date) || a.concertId - b.concertId,
        );
        journeyResult = await benchJourney(http, sql, journeySeats);
        record(
          'journey',
          `Full journey: ${journeyResult.checks.completed} bookings, ${fmt(journeyResult.bookingsPerSecond, 1)} bookings/s (all its requests)`,
          journeyResult,
        );
        log(
          `journey checks: ${JSON.stringify(journeyResult.checks)} failures ${JSON.stringify(journeyResult.failures)}`,
        );
        if (!journeyResult.checks.ok) failed = true;
      }
    }

    if (want('poll') || want('issue')) {
      await waitUntilNoneWaiting(sql);
      const fillers = await fillActiveSet(sql);
      log(`active set topped up with ${fillers} filler tokens: no admission from here on`);
    }
    if (want('poll')) {
      for (const level of POLL_LEVELS) {
        log(`GET /queue/status at the back of ${fmt(level)} waiting`);
        const r = await benchPoll(base, http, (total) => fillWaitingLine(sql, total), level);
        record(`poll${level}`, `\`GET /queue/status\`, ${fmt(level)} waiting (polled token last)`, r);
      }
    }

    if (want('issue')) {
      // Fresh users arriving at peak: the active set is full and the line is long, so each one is queued at the back.
      await fillWaitingLine(sql, ISSUE_LINE, { atLeast: true });
      log(`POST /queue/tokens for fresh users, at the back of ${fmt(ISSUE_LINE)} waiting`);
      record('issue', `\`POST /queue/tokens\`, fresh users joining ${fmt(ISSUE_LINE)} waiting`, await benchIssue(base));
    }

    log('baseline again, to show the drift over the run');
    record('pingEnd', 'Baseline `GET /ping` again, at the end of the QUEUE_STORE=database app', await benchPing(base));

    if (want('redis-poll') || want('redis-issue')) {
      // The same queue scenarios against a second app with QUEUE_STORE=redis. The first app is stopped so that it
      // (its scheduler) does not share the cores with the second.
      await http.pool.close();
      http = null;
      await app.stop();
      const portRedis = await freePort();
      log(`starting the QUEUE_STORE=redis app on port ${portRedis}, database ${redisDatabase}, keys ${redisPrefix}*`);
      appRedis = await startApp(portRedis, { queueStore: 'redis' });
      pids.app = appRedis.child.pid;
      const baseRedis = appRedis.base;
      httpRedis = client(baseRedis);
      // Its ping first: the same baseline on the fresh process, which also warms up its HTTP stack.
      log('baseline on the QUEUE_STORE=redis app');
      record('pingRedis', 'Baseline `GET /ping` on the QUEUE_STORE=redis app', await benchPing(baseRedis));
      const fillers = await fillRedisActiveSet(redis);
      log(`Redis active set filled with ${fillers} filler tokens: no admission from here on`);
      if (want('redis-poll')) {
        for (const level of POLL_LEVELS) {
          log(`GET /queue/status at the back of ${fmt(level)} waiting, QUEUE_STORE=redis`);
          const r = await benchPoll(baseRedis, httpRedis, (total) => fillRedisWaitingLine(redis, total), level);
          record(
            `redisPoll${level}`,
            `\`GET /queue/status\`, ${fmt(level)} waiting (polled token last), QUEUE_STORE=redis`,
            r,
          );
        }
      }
      if (want('redis-issue')) {
        await fillRedisWaitingLine(redis, ISSUE_LINE, { atLeast: true });
        log(`POST /queue/tokens for fresh users, at the back of ${fmt(ISSUE_LINE)} waiting, QUEUE_STORE=redis`);
        record(
          'redisIssue',
          `\`POST /queue/tokens\`, fresh users joining ${fmt(ISSUE_LINE)} waiting, QUEUE_STORE=redis`,
          await benchIssue(baseRedis),
        );
      }
    }

    if (ONLY) {
      console.log(`\n${table(rows, baselineOf(byKey))}\n\n${cpuTable(rows)}\n`);
      return failed;
    }
    const totalSeconds = (performance.now() - T0) / 1000;
    const markdown = report({
      date,
      host,
      rows,
      byKey,
      contention,
      journeyResult,
      calendar,
      journeyDates,
      totalSeconds,
    });
    console.log(`\n${markdown}\n`);
    writeReport(markdown);
    if (failed) console.error('A correctness check FAILED (see above).');
  } catch (error) {
    failed = true;
    console.error('Benchmark failed:', error);
    if (app) console.error(`App log: ${app.logPath}`);
  } finally {
    if (PROFILE) writeFileSync(join(OUT_DIR, 'windows.json'), JSON.stringify(windows, null, 1));
    await stopAll();
    log('done');
  }
  return failed;
}

process.exit((await main()) ? 1 : 0);
