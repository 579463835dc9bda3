// Fills the QUEUE_STORE=database queue straight through SQL, for the queue scenarios: a line of 100,000 is too slow to
// build over HTTP. Everything that knows that store's tables is here (queue_token, queue_bucket, queue_lock, as
// src/modules/queue/infrastructure/persistence/mysql-queue.store.ts uses them). `sql` is a mysql2 pool on the app's
// database.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { inTransaction } from '../lib/db.mjs';

/** The store's bucket of consecutive ids and counter shards (BUCKET_SIZE and SHARDS in mysql-queue.store.ts). */
const BUCKET_SIZE = 1000;
const SHARDS = 8;
const INSERT_BATCH = 5000;
/** Far beyond the run: no filler expires or idles out under a measurement. */
const FILLER_LIFETIME_MS = 3 * 3600_000;

/** Runs `work(conn)` in one transaction holding the admission mutex, so that no scheduler tick interleaves. */
function underAdmissionLock(sql, work) {
  return inTransaction(sql, async (conn) => {
    await conn.query(`SELECT name FROM queue_lock WHERE name = 'admission' FOR UPDATE`);
    return work(conn);
  });
}

async function insertFillers(conn, n, status) {
  const now = new Date();
  const until = new Date(now.getTime() + FILLER_LIFETIME_MS);
  for (let done = 0; done < n;) {
    const batch = Math.min(INSERT_BATCH, n - done);
    const rows = Array.from({ length: batch }, () => {
      const user = randomUUID();
      return [randomBytes(32), randomBytes(16), user, user, status, now, now, status === 'ACTIVE' ? now : null, until];
    });
    await conn.query(
      `INSERT INTO queue_token (token_hash, nonce, user_id, live_user_id, status, created_at, last_seen_at, activated_at, expires_at) VALUES ?`,
      [rows],
    );
    done += batch;
  }
}

async function count(conn, status) {
  const [[row]] = await conn.query('SELECT COUNT(*) AS n FROM queue_token WHERE status = ?', [status]);
  return Number(row.n);
}

/** How many tokens wait in the line. */
export function waitingCount(sql) {
  return count(sql, 'WAITING');
}

/** Tops the active set up to `n` ACTIVE tokens (filler users); returns how many it added. */
export function fillActiveTo(sql, n) {
  return underAdmissionLock(sql, async (conn) => {
    const missing = Math.max(0, n - (await count(conn, 'ACTIVE')));
    await insertFillers(conn, missing, 'ACTIVE');
    return missing;
  });
}

/**
 * Appends `n` WAITING filler tokens to the back of the line and rebuilds the waiting counters (queue_bucket) from the
 * table, so that every position stays exact. Returns the line's length afterwards.
 */
export function fillWaiting(sql, n) {
  return underAdmissionLock(sql, async (conn) => {
    await insertFillers(conn, n, 'WAITING');
    await conn.query('DELETE FROM queue_bucket');
    await conn.query(
      `INSERT INTO queue_bucket (bucket, shard, waiting)
       SELECT FLOOR(id / ${BUCKET_SIZE}), id % ${SHARDS}, COUNT(*) FROM queue_token WHERE status = 'WAITING'
        GROUP BY FLOOR(id / ${BUCKET_SIZE}), id % ${SHARDS}`,
    );
    const [[check]] = await conn.query(
      `SELECT (SELECT COALESCE(SUM(waiting), 0) FROM queue_bucket) AS counted,
              (SELECT COUNT(*) FROM queue_token WHERE status = 'WAITING') AS waiting`,
    );
    if (Number(check.counted) !== Number(check.waiting)) {
      throw new Error(`queue_bucket counts ${check.counted} waiting, the table holds ${check.waiting}`);
    }
    return Number(check.waiting);
  });
}

/**
 * Holds admissions and sets the active set's size, as the operator's PATCH /admin/queue would: a measured tick can
 * then be released at a moment of the bench's choosing (resumeAdmissions).
 */
export async function holdAdmissions(sql, maxActive) {
  await sql.query('UPDATE queue_settings SET paused = 1, max_active = ? WHERE id = 1', [maxActive]);
}

/** Lets the next tick admit; run it on the counting connection (bench/lib/counters.mjs leaves its statements out). */
export async function resumeAdmissions(conn) {
  await conn.query('UPDATE queue_settings SET paused = 0 WHERE id = 1');
}

/** The id of the WAITING token at 0-based `index` in the line. */
export async function waitingIdAt(sql, index) {
  const [[row]] = await sql.query(`SELECT id FROM queue_token WHERE status = 'WAITING' ORDER BY id LIMIT ?, 1`, [
    index,
  ]);
  return row ? String(row.id) : undefined;
}

/** Whether token `id` still waits; run it on the counting connection, like resumeAdmissions. */
export async function stillWaiting(conn, id) {
  const [[row]] = await conn.query('SELECT status FROM queue_token WHERE id = ?', [id]);
  return row?.status === 'WAITING';
}

/** The store's key of a token: the SHA-256 of the token as the client sends it. */
const hashOf = (token) => createHash('sha256').update(token).digest();

/** Sets the last poll time of these tokens (as issued over HTTP) to `date`: their next poll refreshes the idle time. */
export async function setLastSeen(sql, tokens, date) {
  const hashes = tokens.map(hashOf);
  const [result] = await sql.query('UPDATE queue_token SET last_seen_at = ? WHERE token_hash IN (?)', [date, hashes]);
  if (result.affectedRows !== hashes.length) throw new Error(`set ${result.affectedRows} of ${hashes.length} tokens`);
}

/** How many of these tokens were last seen at or after `date`. */
export async function seenSince(sql, tokens, date) {
  const [[row]] = await sql.query(
    'SELECT COUNT(*) AS n FROM queue_token WHERE token_hash IN (?) AND last_seen_at >= ?',
    [tokens.map(hashOf), date],
  );
  return Number(row.n);
}
