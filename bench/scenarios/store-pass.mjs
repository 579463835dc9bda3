// One pass of the app under test with one QUEUE_STORE: starts it on its own fresh database, runs the scenarios in an
// order where none disturbs the next, and stops it. Rows go to `record(key, name, result)`.
import * as mysqlLine from '../fill/mysql-line.mjs';
import * as redisLine from '../fill/redis-line.mjs';
import { openCounters } from '../lib/counters.mjs';
import { rssBytes } from '../lib/cpu.mjs';
import { addConcertDates, catalogueDates, openDatabase } from '../lib/db.mjs';
import { httpClient } from '../lib/load.mjs';
import { startApp } from '../lib/processes.mjs';
import { databaseFor, ISSUE_LINE, POLL_LEVELS, want } from '../lib/settings.mjs';
import { activeUsers } from '../lib/users.mjs';
import { expect, fmt, log, mib } from '../lib/util.mjs';
import { admissionLineNeeded, admissionTicks } from './admission.mjs';
import { contention, contentionUsersNeeded } from './contention.mjs';
import { ping } from './envelope.mjs';
import { journeyDatesNeeded, journeys } from './journey.mjs';
import { freezeAdmissions, pollAtLevels, pollsRefreshing, tokenIssue } from './queue.mjs';
import { freeSeatList } from './seats.mjs';

/**
 * The store's filler (bench/fill/*) behind one interface: {waiting(), fillActiveTo(n), fillWaiting(n)}, and for the
 * admission rounds {holdAdmissions(maxActive), waitingIdAt(i), resumeAdmissions(conn), stillWaiting(conn, id)}, the
 * last two on the counting connection `conn` (the Redis ones use commands the app never sends instead); memory():
 * the Redis line's bytes and tokens (null for the database store); setLastSeen(tokens, date) and seenSince(tokens,
 * date) for polls that refresh the idle time.
 */
function lineOf(store, sql, redis, database) {
  if (store === 'redis') {
    return {
      waiting: () => redisLine.waitingCount(redis, database),
      fillActiveTo: (n) => redisLine.fillActiveTo(redis, database, n),
      fillWaiting: (n) => redisLine.fillWaiting(redis, database, n),
      holdAdmissions: (maxActive) => redisLine.holdAdmissions(redis, database, maxActive),
      waitingIdAt: (index) => redisLine.waitingIdAt(redis, database, index),
      resumeAdmissions: () => redisLine.resumeAdmissions(redis, database),
      stillWaiting: (_conn, id) => redisLine.stillWaiting(redis, database, id),
      memory: () => redisLine.lineMemory(redis, database),
      setLastSeen: (tokens, at) => redisLine.setLastSeen(redis, database, tokens, at.getTime()),
      seenSince: (tokens, at) => redisLine.seenSince(redis, database, tokens, at.getTime()),
    };
  }
  return {
    waiting: () => mysqlLine.waitingCount(sql),
    fillActiveTo: (n) => mysqlLine.fillActiveTo(sql, n),
    fillWaiting: (n) => mysqlLine.fillWaiting(sql, n),
    holdAdmissions: (maxActive) => mysqlLine.holdAdmissions(sql, maxActive),
    waitingIdAt: (index) => mysqlLine.waitingIdAt(sql, index),
    resumeAdmissions: (conn) => mysqlLine.resumeAdmissions(conn),
    stillWaiting: (conn, id) => mysqlLine.stillWaiting(conn, id),
    memory: async () => null,
    setLastSeen: (tokens, at) => mysqlLine.setLastSeen(sql, tokens, at),
    seenSince: (tokens, at) => mysqlLine.seenSince(sql, tokens, at),
  };
}

/**
 * Runs the scenarios for `store` ('database' or 'redis'); `redis` is the bench's ioredis client. Returns
 * {store, rss: {start, atLine: {waiting, bytes}}, lineMemory, contention, journeys, admission, background} next to
 * the rows recorded (lineMemory: the Redis line's keys; background: the idle app per second, bench/lib/counters.mjs).
 */
export async function storePass(store, redis, record) {
  const database = databaseFor(store);
  const label = `QUEUE_STORE=${store}`;
  const key = (name) => `${store}:${name}`;
  log(`${label}: starting the app on database ${database}`);
  const app = await startApp(store);
  const sql = openDatabase(database);
  const http = httpClient(app.base);
  const line = lineOf(store, sql, redis, database);
  const pass = {
    store,
    rss: { start: null, atLine: null },
    lineMemory: null,
    contention: null,
    journeys: null,
    admission: null,
  };
  let counters = null;
  try {
    counters = await openCounters(redis, app.pid, database);
    const target = { base: app.base, pid: app.pid, counters };
    // Dates no two scenarios share: contention, its warm-up and the seat list on the demo seed's first three; the
    // journeys on a concert of their own, added before any request reads the catalogue.
    const [contentionDate, contentionWarmupDate, seatsDate] = await catalogueDates(sql);
    expect(seatsDate, 'the demo seed should have at least 3 dates');
    const journeyDates = want('journey') ? await addConcertDates(sql, journeyDatesNeeded()) : [];
    pass.rss.start = rssBytes(app.pid);
    log(`${label}: RSS at start ${mib(pass.rss.start ?? 0)}`);

    if (want('envelope')) {
      record(key('envelope'), `Envelope: the app's \`GET /ping\`, ${label}`, await ping(target, key('envelope')));
    }
    if (want('seats') || want('contention')) {
      const users = await activeUsers(http, line, contentionUsersNeeded());
      log(`${label}: ${users.length} ACTIVE users`);
      if (want('seats')) {
        const r = await freeSeatList(target, key('seats'), http, users, seatsDate);
        record(key('seats'), `Free-seat list (ACTIVE, ${fmt(users.length)} tokens, 50 free seats), ${label}`, r);
      }
      if (want('contention')) {
        const r = await contention(target, key('contention'), sql, users, contentionDate, contentionWarmupDate);
        pass.contention = r;
        record(key('contention'), `Contention: ${fmt(r.requests)} holds on 50 seats, ${label}`, r);
        log(`${label}: contention checks ${JSON.stringify(r.checks)} codes ${JSON.stringify(r.codes)}`);
      }
    }
    if (want('journey')) {
      const r = await journeys(target, key('journey'), http, sql, journeyDates);
      pass.journeys = r;
      const name = `Journeys: ${r.checks.completed} bookings, ${fmt(r.bookingsPerSecond)} bookings/s (all their requests), ${label}`;
      record(key('journey'), name, r);
      log(`${label}: journey checks ${JSON.stringify(r.checks)} failures ${JSON.stringify(r.failures)}`);
    }
    if (want('poll') || want('issue') || want('admission')) {
      log(
        `${label}: active set topped up with ${fmt(await freezeAdmissions(line))} fillers: no admission from here on`,
      );
    }
    if (want('poll')) {
      await pollAtLevels(
        target,
        (level) => key(`poll${level}`),
        http,
        line,
        (level, r) => {
          if (level === POLL_LEVELS.at(-1)) pass.rss.atLine = { waiting: level, bytes: rssBytes(app.pid) };
          record(key(`poll${level}`), `\`GET /queue/status\` at the back of ${fmt(level)} waiting, ${label}`, r);
        },
      );
      log(`${label}: RSS with ${fmt(pass.rss.atLine.waiting)} waiting ${mib(pass.rss.atLine.bytes ?? 0)}`);
      pass.lineMemory = await line.memory();
      const r = await pollsRefreshing(target, key('pollRefresh'), http, line);
      record(
        key('pollRefresh'),
        `\`GET /queue/status\`, ${fmt(r.requests)} tokens polled once each, every poll refreshing the idle time, ${label}`,
        r,
      );
    }
    if (want('issue')) {
      const r = await tokenIssue(target, key('issue'), line);
      record(key('issue'), `\`POST /queue/tokens\`, fresh users joining ${fmt(ISSUE_LINE)} waiting, ${label}`, r);
    }
    if (want('admission')) {
      const waiting = await line.waiting();
      if (waiting < admissionLineNeeded()) await line.fillWaiting(admissionLineNeeded() - waiting);
      pass.admission = await admissionTicks(target, line);
      const { admitted, ms, counters: c } = pass.admission;
      const perTick = (v) => fmt(v * admitted);
      log(
        `${label}: a tick admitted ${admitted}, seen after ${fmt(ms)} ms: ${perTick(c.mysql.statements)} statements, ` +
          `${perTick(c.redis.us)} µs in Redis commands`,
      );
    }
    pass.background = counters.background();
    return pass;
  } finally {
    await counters?.close().catch(() => undefined);
    await http.close().catch(() => undefined);
    await sql.end().catch(() => undefined);
    await app.stop();
  }
}
