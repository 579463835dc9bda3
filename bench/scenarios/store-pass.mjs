// One pass of the app under test with one QUEUE_STORE: starts it on its own fresh database, runs the scenarios in an
// order where none disturbs the next, and stops it. Rows go to `record(key, name, result)`.
import * as mysqlLine from '../fill/mysql-line.mjs';
import * as redisLine from '../fill/redis-line.mjs';
import { rssBytes } from '../lib/cpu.mjs';
import { addConcertDates, catalogueDates, openDatabase } from '../lib/db.mjs';
import { httpClient } from '../lib/load.mjs';
import { startApp } from '../lib/processes.mjs';
import { databaseFor, ISSUE_LINE, POLL_LEVELS, want } from '../lib/settings.mjs';
import { activeUsers } from '../lib/users.mjs';
import { expect, fmt, log, mib } from '../lib/util.mjs';
import { contention, contentionUsersNeeded } from './contention.mjs';
import { ping } from './envelope.mjs';
import { journeyDatesNeeded, journeys } from './journey.mjs';
import { freezeAdmissions, pollAtLevels, tokenIssue } from './queue.mjs';
import { freeSeatList } from './seats.mjs';

/** The store's filler (bench/fill/*) behind one interface: {waiting(), fillActiveTo(n), fillWaiting(n)}. */
function lineOf(store, sql, redis, database) {
  if (store === 'redis') {
    return {
      waiting: () => redisLine.waitingCount(redis, database),
      fillActiveTo: (n) => redisLine.fillActiveTo(redis, database, n),
      fillWaiting: (n) => redisLine.fillWaiting(redis, database, n),
    };
  }
  return {
    waiting: () => mysqlLine.waitingCount(sql),
    fillActiveTo: (n) => mysqlLine.fillActiveTo(sql, n),
    fillWaiting: (n) => mysqlLine.fillWaiting(sql, n),
  };
}

/**
 * Runs the scenarios for `store` ('database' or 'redis'); `redis` is the bench's ioredis client. Returns
 * {store, rss: {start, atLine: {waiting, bytes}}, contention, journeys} next to the rows recorded.
 */
export async function storePass(store, redis, record) {
  const database = databaseFor(store);
  const label = `QUEUE_STORE=${store}`;
  const key = (name) => `${store}:${name}`;
  log(`${label}: starting the app on database ${database}`);
  const app = await startApp(store);
  const target = { base: app.base, pid: app.pid };
  const sql = openDatabase(database);
  const http = httpClient(app.base);
  const line = lineOf(store, sql, redis, database);
  const pass = { store, rss: { start: null, atLine: null }, contention: null, journeys: null };
  try {
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
    if (want('poll') || want('issue')) {
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
    }
    if (want('issue')) {
      const r = await tokenIssue(target, key('issue'), line);
      record(key('issue'), `\`POST /queue/tokens\`, fresh users joining ${fmt(ISSUE_LINE)} waiting, ${label}`, r);
    }
    return pass;
  } finally {
    await http.close().catch(() => undefined);
    await sql.end().catch(() => undefined);
    await app.stop();
  }
}
