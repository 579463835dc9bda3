// The run's settings: the knobs read from the environment (documented at the top of bench/run.mjs) and the app
// settings every pass uses. The only module of the bench that reads process.env.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const env = process.env;
const num = (name, fallback) => (env[name] ? Number(env[name]) : fallback);
const list = (name) =>
  env[name]
    ? env[name]
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : null;

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const OUT_DIR = join(ROOT, 'bench', 'out');

export const CONNECTIONS = num('BENCH_CONNECTIONS', 100);
export const PING_REQUESTS = num('BENCH_PING_REQUESTS', 30_000);
export const SEATS_REQUESTS = num('BENCH_SEATS_REQUESTS', 10_000);
export const POLL_REQUESTS = num('BENCH_POLL_REQUESTS', 10_000);
export const ISSUE_REQUESTS = num('BENCH_ISSUE_REQUESTS', 4000);
export const CONTENTION_HOLDS = num('BENCH_CONTENTION_HOLDS', 2000);
export const JOURNEY_USERS = num('BENCH_JOURNEY_USERS', 500);
export const JOURNEY_CONCURRENCY = num('BENCH_JOURNEY_CONCURRENCY', 50);
export const JOURNEY_WARMUP_USERS = 25;
/** Between two polls of a journey's WAITING token. */
export const JOURNEY_POLL_MS = 20;
export const POLL_LEVELS = [1000, 10_000, 100_000];
export const ISSUE_LINE = 100_000;
/** Tokens one measured admission tick admits, and how many such ticks (bench/scenarios/admission.mjs). */
export const ADMISSION_BATCH = num('BENCH_ADMISSION_BATCH', 1000);
export const ADMISSION_ROUNDS = num('BENCH_ADMISSION_ROUNDS', 3);
/** Seats per date in the demo seed and in the dates the bench adds. */
export const SEATS_PER_DATE = 50;
/** RESERVATION_MAX_HOLDS_PER_USER's default: each contention user sends at most this many holds. */
export const HOLD_LIMIT = 4;

export const PROFILE = env.BENCH_PROFILE === '1' || env.BENCH_PROFILE === 'true';
export const KEEP_DATABASE = env.BENCH_KEEP_DATABASE === '1' || env.BENCH_KEEP_DATABASE === 'true';
export const OUTPUT = env.BENCH_OUTPUT ?? 'docs/benchmarks.md';
export const NODE_ARGS = env.BENCH_NODE_ARGS ? env.BENCH_NODE_ARGS.split(' ').filter(Boolean) : [];

export const SCENARIOS = ['envelope', 'seats', 'contention', 'journey', 'poll', 'issue', 'admission'];
export const STORES = list('BENCH_STORES') ?? ['database', 'redis'];
const ONLY = list('BENCH_ONLY');
/** True when BENCH_ONLY is set: a partial run, printed but not written to the report. */
export const PARTIAL = ONLY !== null || STORES.length < 2;
export const want = (scenario) => !ONLY || ONLY.includes(scenario);

export const REDIS_URL = env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const stamp = Date.now();
export const DB = {
  type: env.DB_TYPE ?? 'mariadb',
  host: env.DB_HOST ?? '127.0.0.1',
  port: Number(env.DB_PORT ?? 3306),
  user: env.DB_USERNAME ?? 'root',
  password: env.DB_PASSWORD ?? '',
};
/** Each app pass gets a fresh database of its own; the Redis store prefixes its keys with this name too. */
export const databaseFor = (store) => `concert_bench_${stamp}_${store}`;

/**
 * The app's settings for every pass: a large active set (every token issued before the queue scenarios gets in), a
 * fast scheduler for the journeys, TTLs far beyond the run, and rate limits high enough never to refuse the bench
 * while their cost is still paid. LOG_LEVEL is left unset on purpose: request logging at the default level is part of
 * what the envelope row measures.
 */
export const APP_QUEUE = {
  QUEUE_MAX_ACTIVE: 10_000,
  QUEUE_ACTIVATION_INTERVAL_MS: 50,
  QUEUE_ACTIVE_TTL_SECONDS: 3600,
  QUEUE_WAITING_IDLE_SECONDS: 3600,
  RATE_LIMIT_ISSUE_PER_MINUTE: 1_000_000_000,
  RATE_LIMIT_PER_TOKEN_PER_MINUTE: 1_000_000_000,
};
export const MAX_ACTIVE = APP_QUEUE.QUEUE_MAX_ACTIVE;
/** The PATH the bench was started with (the child processes find nothing else through it). */
export const PATH = env.PATH;
