// The bench's own SQL outside the queue (the queue's tables are bench/fill/mysql-line.mjs's): a pool on a pass's
// database, extra dates for the journeys, the servers' versions, and dropping the bench's databases.
import mysql from 'mysql2/promise';
import { DB, SEATS_PER_DATE } from './settings.mjs';

const SERVER = { host: DB.host, port: DB.port, user: DB.user, password: DB.password };
const DAY_MS = 86_400_000;
/** Far past the demo seed's dates (at most 28 days ahead), so that no date collides. */
const FIRST_EXTRA_DAY = 100;
const EXTRA_SEAT_PRICE = 80_000;

/** A small pool on `database` (dates as 'YYYY-MM-DD' strings, UTC). */
export function openDatabase(database) {
  return mysql.createPool({
    ...SERVER,
    database,
    connectionLimit: 4,
    timezone: 'Z',
    dateStrings: ['DATE'],
  });
}

/** Runs `work(conn)` in one transaction on a connection of the pool `sql`: committed when it resolves, else rolled back. */
export async function inTransaction(sql, work) {
  const conn = await sql.getConnection();
  try {
    await conn.beginTransaction();
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

/** Every date of the catalogue as [{concertId, date}], in the seed's order. */
export async function catalogueDates(sql) {
  const [rows] = await sql.query('SELECT concert_id AS concertId, date FROM concert_date ORDER BY id');
  return rows.map((row) => ({ concertId: Number(row.concertId), date: row.date }));
}

/**
 * Adds a concert with `count` dates of SEATS_PER_DATE seats, for scenarios that need more distinct free seats than
 * the demo seed has; run before any request reads the catalogue. Returns its dates as [{concertId, date}].
 */
export async function addConcertDates(sql, count) {
  return inTransaction(sql, async (conn) => {
    const [concert] = await conn.query('INSERT INTO concert (title, venue) VALUES (?, ?)', [
      'Bench journeys',
      'Loopback Hall',
    ]);
    const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
    const dates = [];
    for (let i = 0; i < count; i++) {
      const date = new Date(today + (FIRST_EXTRA_DAY + i) * DAY_MS).toISOString().slice(0, 10);
      const [row] = await conn.query('INSERT INTO concert_date (concert_id, date) VALUES (?, ?)', [
        concert.insertId,
        date,
      ]);
      const seats = Array.from({ length: SEATS_PER_DATE }, (_, s) => [row.insertId, s + 1, EXTRA_SEAT_PRICE]);
      await conn.query('INSERT INTO seat (concert_date_id, seat_number, price) VALUES ?', [seats]);
      dates.push({ concertId: concert.insertId, date });
    }
    return dates;
  });
}

/** "mariadb 10.11.x (innodb_flush_log_at_trx_commit=1)". */
export async function databaseServerInfo() {
  const conn = await mysql.createConnection(SERVER);
  try {
    const [[row]] = await conn.query('SELECT VERSION() AS v, @@innodb_flush_log_at_trx_commit AS flush');
    return `${DB.type} ${row.v} (innodb_flush_log_at_trx_commit=${row.flush})`;
  } finally {
    await conn.end();
  }
}

/** Drops these databases if they exist. */
export async function dropDatabases(names) {
  const conn = await mysql.createConnection(SERVER);
  try {
    for (const name of names) await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
  } finally {
    await conn.end();
  }
}
