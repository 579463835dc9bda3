// `npm run bench`: measures the built app against a bare Nest + Fastify baseline in one run, prints a markdown report
// and writes it to docs/benchmarks.md between the bench markers. Speed is only ever reported as ratios within the run
// (the machine is shared and noisy). This file only orchestrates:
//   bench/baseline/main.mjs      the bare baseline app (GET /ping), measured at the start and at the end
//   bench/scenarios/store-pass   one app process per QUEUE_STORE (database, then redis), its scenarios in order:
//                                envelope, free-seat list, contention, journeys, polls at 1k/10k/100k, token issue,
//                                admission ticks (bench/scenarios/admission.mjs)
//   bench/fill/*-line.mjs        the line fillers, the only code that knows each store's layout
//   bench/lib/                   processes, load generators, CPU and memory from /proc, SQL, targets, report;
//                                counters.mjs: MySQL statements/rows/row locks and Redis commands per request, counted
//                                by the servers (SHOW GLOBAL STATUS, INFO commandstats), for bench/capacity.mjs
// Each app runs on a fresh database concert_bench_<time>_<store>, dropped at the end with the bench's Redis keys, also
// on failure or Ctrl-C. Needs MariaDB/MySQL and Redis, and Node 22+ (put `$(.ci/lts-node)` first on PATH).
//
// Knobs (environment):
//   BENCH_ONLY=poll,issue        only these scenarios (envelope, seats, contention, journey, poll, issue, admission);
//                                the bare baseline always runs. A partial run prints its tables and writes no report.
//   BENCH_STORES=redis           only these stores (database, redis; default both); also a partial run.
//   BENCH_CONNECTIONS (100)      keep-alive connections of the autocannon bursts and of the contention.
//   BENCH_PING_REQUESTS (30000), BENCH_SEATS_REQUESTS (10000), BENCH_POLL_REQUESTS (10000), BENCH_ISSUE_REQUESTS
//   (4000), BENCH_CONTENTION_HOLDS (2000), BENCH_JOURNEY_USERS (500), BENCH_JOURNEY_CONCURRENCY (50): burst sizes.
//   BENCH_ADMISSION_BATCH (1000), BENCH_ADMISSION_ROUNDS (3): tokens one measured admission tick admits, and rounds.
//   BENCH_OUTPUT (docs/benchmarks.md; "-" writes nothing).
//   BENCH_PROFILE=1              every process (baseline, apps) under `node --cpu-prof`: bench/out/*.cpuprofile, plus
//                                bench/out/windows.json with each measured burst's window for profile-summary.mjs.
//   BENCH_KEEP_DATABASE=1        keep the databases and Redis keys (for EXPLAIN and friends).
//   BENCH_NODE_ARGS="--trace-gc" extra flags for the node of the processes under test.
//   DB_TYPE (mariadb), DB_HOST, DB_PORT, DB_USERNAME, DB_PASSWORD; REDIS_URL (redis://127.0.0.1:6379).
// Logs of the processes under test: bench/out/baseline.log, bench/out/app-<store>.log.
import './lib/require-node.mjs';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { deleteBenchKeys } from './fill/redis-line.mjs';
import { burstWindows, rssBytes, watchServers } from './lib/cpu.mjs';
import { dropDatabases } from './lib/db.mjs';
import { describeMachine } from './lib/machine.mjs';
import { startBaseline, stopAll } from './lib/processes.mjs';
import { buildReport, writeReport } from './lib/report.mjs';
import { DB, KEEP_DATABASE, OUT_DIR, PARTIAL, PROFILE, REDIS_URL, STORES, databaseFor } from './lib/settings.mjs';
import {
  admissionTable,
  backgroundTable,
  cpuTable,
  mysqlCountTable,
  redisCountTable,
  scenarioTable,
} from './lib/tables.mjs';
import { elapsedSeconds, fmt, log } from './lib/util.mjs';
import { ping } from './scenarios/envelope.mjs';
import { storePass } from './scenarios/store-pass.mjs';

const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
const databases = STORES.map(databaseFor);

/** Stops what is still running and removes the bench's databases and Redis keys; safe to call twice. */
let cleaning = null;
function cleanUp() {
  cleaning ??= (async () => {
    await stopAll();
    // On a signal the scenarios may still be filling a line: cut their client off before deleting the keys.
    redis.disconnect();
    if (KEEP_DATABASE) {
      log(`kept databases ${databases.join(', ')} and their Redis keys (BENCH_KEEP_DATABASE=1)`);
      return;
    }
    const cleaner = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    for (const database of databases) {
      await deleteBenchKeys(cleaner, database)
        .then((n) => log(`deleted ${fmt(n)} Redis keys of ${database}`))
        .catch((error) => console.error(`Could not delete the Redis keys of ${database}: ${error.message}`));
    }
    await cleaner.quit().catch(() => cleaner.disconnect());
    await dropDatabases(databases)
      .then(() => log(`dropped ${databases.join(', ')}`))
      .catch((error) => console.error(`Could not drop the bench databases: ${error.message}`));
  })();
  return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    console.error(`${signal}: stopping the processes, dropping the bench databases and deleting its Redis keys`);
    void cleanUp().finally(() => process.exit(130));
  });
}

/** The faster of the two bare runs: a baseline slowed by a burst of other load would flatter every ratio. */
function baselineOf(byKey) {
  const runs = [
    { name: 'start', r: byKey['bare:start'] },
    { name: 'end', r: byKey['bare:end'] },
  ].filter((run) => run.r);
  const best = runs.reduce((a, b) => (b.r.rps > a.r.rps ? b : a), runs[0]);
  return best ? { rps: best.r.rps, name: `the ${best.name} run` } : { rps: 0, name: 'none' };
}

async function main() {
  const date = new Date().toISOString();
  const rows = [];
  const byKey = {};
  const record = (key, name, r) => {
    byKey[key] = r;
    rows.push({ key, name, r });
    const statuses = JSON.stringify(r.statuses);
    log(`${name}: ${fmt(r.rps)} req/s, p50 ${fmt(r.p50)} ms, p99 ${fmt(r.p99)} ms, statuses ${statuses}`);
  };
  try {
    await redis.connect();
    const redisUrl = new URL(REDIS_URL);
    const servers = watchServers({
      dbHost: DB.host,
      dbPort: DB.port,
      redisHost: redisUrl.hostname,
      redisPort: Number(redisUrl.port || 6379),
    });
    log(`CPU of the database server: pid ${servers.db ?? 'not found'}; of Redis: pid ${servers.redis ?? 'not found'}`);
    const host = await describeMachine(redis);

    log('bare baseline: starting bench/baseline/main.mjs');
    const bare = await startBaseline();
    const bareTarget = { base: bare.base, pid: bare.pid };
    const bareRss = rssBytes(bare.pid);
    record('bare:start', 'Bare Nest + Fastify `GET /ping`, start of the run', await ping(bareTarget, 'bare:start'));

    const passes = [];
    for (const store of STORES) passes.push(await storePass(store, redis, record));

    record('bare:end', 'Bare Nest + Fastify `GET /ping`, end of the run', await ping(bareTarget, 'bare:end'));
    await bare.stop();

    const failedChecks = passes.flatMap((pass) =>
      [pass.contention, pass.journeys].filter((r) => r && !r.checks.ok).map(() => pass.store),
    );
    const baseline = baselineOf(byKey);
    if (PARTIAL) {
      const counted = [mysqlCountTable(rows), redisCountTable(rows), backgroundTable(passes), admissionTable(passes)];
      console.log(`\n${[scenarioTable(rows, baseline.rps), cpuTable(rows), ...counted].join('\n\n')}\n`);
    } else {
      const markdown = buildReport({
        date,
        totalSeconds: elapsedSeconds(),
        host,
        rows,
        byKey,
        baseline,
        bareRss,
        passes,
      });
      console.log(`\n${markdown}\n`);
      writeReport(markdown);
    }
    if (failedChecks.length) console.error(`A correctness check FAILED (QUEUE_STORE=${failedChecks.join(', ')}).`);
    return failedChecks.length === 0;
  } catch (error) {
    console.error('Benchmark failed:', error);
    console.error(`Logs of the processes under test: ${OUT_DIR}`);
    return false;
  } finally {
    if (PROFILE) writeFileSync(join(OUT_DIR, 'windows.json'), JSON.stringify(burstWindows(), null, 1));
    await cleanUp();
    log('done');
  }
}

process.exit((await main()) ? 0 : 1);
