import { TransactionRunner } from '../../../../shared/domain/transaction-runner.js';
import { isDuplicateKey, type WriteResult } from '../../../../shared/infrastructure/mysql.js';
import { Sql } from '../../../../shared/infrastructure/sql.js';
import {
  type AdmissionOutcome,
  type AdmissionRules,
  type IdlePoll,
  type NewQueueEntry,
  type QueueOverview,
  type QueuePlace,
  type QueueSettings,
  QueueStore,
  type Revocations,
} from '../../domain/queue-store.js';
import type { QueueEndReason, QueueToken } from '../../domain/queue-token.js';
import {
  ADMISSIONS_RETAIN_MS,
  DROP_BATCH,
  ONE_MINUTE_MS,
  PURGE_BATCH,
  RETAIN_ENDED_MS,
  REVOCATIONS_RETAIN_MS,
} from '../queue-retention.js';
import { QueueTokenMapper } from './queue-token.mapper.js';
import type { QueueTokenOrmEntity } from './queue-token.orm-entity.js';

/**
 * Waiting tokens are counted per bucket of BUCKET_SIZE consecutive ids (split in SHARDS rows so that
 * concurrent enqueues do not all queue on one counter row). A position is then the sum of the
 * counters of the buckets ahead plus a count inside the token's own bucket:
 * O(n / BUCKET_SIZE + BUCKET_SIZE) index reads instead of O(n).
 */
export const BUCKET_SIZE = 1000;
const SHARDS = 8;
/** Revocations one read of the feed returns at most. */
const REVOCATION_PAGE = 1000;
/**
 * The admission tick scans the tail of the line, where enqueues insert. Under REPEATABLE READ its next-key locks
 * there made ticks and concurrent enqueues deadlock (the benchmark saw 4 % of POST /queue/tokens fail with 500);
 * READ COMMITTED takes no gap locks. The tick needs no snapshot: the queue_lock row serialises ticks.
 */
const READ_COMMITTED = { isolation: 'READ COMMITTED' } as const;

const COLUMNS = `t.id, t.token_hash AS tokenHash, t.nonce, t.user_id AS userId, t.live_user_id AS liveUserId, t.status,
  t.ended_reason AS endedReason, t.created_at AS createdAt, t.last_seen_at AS lastSeenAt,
  t.activated_at AS activatedAt, t.expires_at AS expiresAt`;

// A WAITING token's place and the last tick's snapshot, in the same statement as the token (one round trip a poll).
const PLACE_COLUMNS = `${COLUMNS},
  CASE WHEN t.status = 'WAITING' THEN
    (SELECT COALESCE(SUM(b.waiting), 0) FROM queue_bucket b WHERE b.bucket < FLOOR(t.id / ${BUCKET_SIZE}))
  + (SELECT COUNT(*) FROM queue_token w
      WHERE w.status = 'WAITING' AND w.id >= FLOOR(t.id / ${BUCKET_SIZE}) * ${BUCKET_SIZE} AND w.id < t.id)
  END AS ahead,
  s.admitted AS snapshotAdmitted, s.seconds AS snapshotSeconds, s.max_active AS snapshotMaxActive`;

type PlaceRow = QueueTokenOrmEntity & {
  ahead: string | number | null;
  snapshotAdmitted: number | null;
  snapshotSeconds: number | null;
  snapshotMaxActive: number | null;
};

function slotOf(id: string): { bucket: number; shard: number } {
  const n = Number(id);
  return { bucket: Math.floor(n / BUCKET_SIZE), shard: n % SHARDS };
}

function toPlace(row: PlaceRow): QueuePlace {
  return {
    token: QueueTokenMapper.toDomain(row),
    position: row.ahead === null ? null : Number(row.ahead) + 1,
    snapshot:
      row.snapshotMaxActive === null
        ? null
        : {
            admitted: Number(row.snapshotAdmitted),
            seconds: Number(row.snapshotSeconds),
            maxActive: Number(row.snapshotMaxActive),
          },
  };
}

/** QUEUE_STORE=database: the queue in MySQL/MariaDB, every change a conditional statement or a locked row. */
export class MySqlQueueStore extends QueueStore {
  constructor(
    private readonly sql: Sql,
    private readonly transactions: TransactionRunner,
  ) {
    super();
  }

  async enqueue(entry: NewQueueEntry): Promise<{ place: QueuePlace; created: boolean }> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const live = await this.findPlace('t.live_user_id = ?', entry.userId);
      if (live?.token.isLiveAt(entry.now)) return { place: live, created: false };
      // A live token whose time ran out before a tick marked it is ended first, so the user goes to the back.
      if (live) await this.expire(live.token.id, live.token.status === 'WAITING' ? 'IDLE' : 'TTL', entry.now);
      try {
        const place = await this.transactions.run(async () => {
          const inserted: WriteResult = await this.sql.query(
            `INSERT INTO queue_token (token_hash, nonce, user_id, live_user_id, status, created_at, last_seen_at, expires_at)
             VALUES (?, ?, ?, ?, 'WAITING', ?, ?, ?)`,
            [entry.tokenHash, entry.nonce, entry.userId, entry.userId, entry.now, entry.now, entry.idleExpiresAt],
          );
          await this.changeWaiting([String(inserted.insertId)], +1);
          return this.findNewPlace(inserted.insertId);
        });
        if (place) return { place, created: true };
      } catch (error) {
        // The unique key on live_user_id decided a race for this user: read the winner's token.
        if (!isDuplicateKey(error)) throw error;
      }
    }
    throw new Error(`Could not enqueue user ${entry.userId}: the live token kept changing`);
  }

  async find(tokenHash: Uint8Array): Promise<QueueToken | null> {
    const rows: QueueTokenOrmEntity[] = await this.sql.query(
      `SELECT ${COLUMNS} FROM queue_token t WHERE t.token_hash = ?`,
      [tokenHash],
    );
    return rows.length ? QueueTokenMapper.toDomain(rows[0]) : null;
  }

  async findWithPosition(tokenHash: Uint8Array, poll?: IdlePoll): Promise<QueuePlace | null> {
    const place = await this.findPlace('t.token_hash = ?', tokenHash);
    if (!place || !poll || !place.token.needsIdleRefresh(poll.now, poll.refreshAfterMs)) return place;
    // The read and the write are two statements here: admitted or dropped in between, the token is read again.
    if (await this.refreshIdle(place.token.id, poll.now, poll.idleExpiresAt))
      return { ...place, token: place.token.polledAt(poll.now, poll.idleExpiresAt) };
    return this.findPlace('t.token_hash = ?', tokenHash);
  }

  async refreshIdle(tokenId: string, now: Date, idleExpiresAt: Date): Promise<boolean> {
    const result: WriteResult = await this.sql.query(
      `UPDATE queue_token FORCE INDEX (PRIMARY) SET last_seen_at = ?, expires_at = ?
        WHERE id = ? AND status = 'WAITING' AND expires_at > ?`,
      [now, idleExpiresAt, tokenId, now],
    );
    return result.affectedRows === 1;
  }

  admit(rules: AdmissionRules): Promise<AdmissionOutcome> {
    const { now } = rules;
    return this.transactions.run(async () => {
      const sql = this.sql;
      // One tick at a time across every instance: this row lock is the admission mutex.
      await sql.query(`SELECT name FROM queue_lock WHERE name = 'admission' FOR UPDATE`);

      const expired = await this.lockByPrimaryKey(
        `SELECT id FROM queue_token WHERE status = 'ACTIVE' AND expires_at <= ?`,
        [now],
        (row) => row.status === 'ACTIVE' && row.expiresAt.getTime() <= now.getTime(),
      );
      if (expired.length) {
        await sql.query(
          `UPDATE queue_token FORCE INDEX (PRIMARY) SET status = 'EXPIRED', ended_reason = 'TTL', live_user_id = NULL
            WHERE id IN (?)`,
          [expired],
        );
      }

      const idle = await this.lockByPrimaryKey(
        `SELECT id FROM queue_token WHERE status = 'WAITING' AND expires_at <= ? LIMIT ${DROP_BATCH}`,
        [now],
        (row) => row.status === 'WAITING' && row.expiresAt.getTime() <= now.getTime(),
      );
      if (idle.length) {
        await sql.query(
          `UPDATE queue_token FORCE INDEX (PRIMARY) SET status = 'EXPIRED', ended_reason = 'IDLE', live_user_id = NULL
            WHERE id IN (?)`,
          [idle],
        );
        await this.changeWaiting(idle, -1);
      }

      const settings = await this.settings();
      const maxActive = settings.maxActive ?? rules.defaultMaxActive;
      let admitted = 0;
      if (!settings.paused) {
        const [{ active }]: { active: string }[] = await sql.query(
          `SELECT COUNT(*) AS active FROM queue_token WHERE status = 'ACTIVE'`,
        );
        const slots = maxActive - Number(active);
        if (slots > 0) {
          // A token ended (paid, kicked) between the two reads drops out: this tick admits one fewer, the next catches up.
          const ids = await this.lockByPrimaryKey(
            `SELECT id FROM queue_token WHERE status = 'WAITING' ORDER BY id LIMIT ?`,
            [slots],
            (row) => row.status === 'WAITING',
          );
          if (ids.length) {
            const activeUntil = new Date(now.getTime() + rules.activeTtlSeconds * 1000);
            await sql.query(
              `UPDATE queue_token FORCE INDEX (PRIMARY) SET status = 'ACTIVE', activated_at = ?, expires_at = ? WHERE id IN (?)`,
              [now, activeUntil, ids],
            );
            await this.changeWaiting(ids, -1);
            await sql.query('INSERT INTO queue_admission (admitted_at, admitted) VALUES (?, ?)', [now, ids.length]);
            admitted = ids.length;
          }
        }
      }

      await this.recordSnapshot(rules, maxActive);
      await sql.query('DELETE FROM queue_bucket WHERE waiting = 0');
      await sql.query('DELETE FROM queue_admission WHERE admitted_at < ?', [
        new Date(now.getTime() - ADMISSIONS_RETAIN_MS),
      ]);
      await sql.query(`DELETE FROM queue_token WHERE status = 'EXPIRED' AND expires_at < ? LIMIT ${PURGE_BATCH}`, [
        new Date(now.getTime() - RETAIN_ENDED_MS),
      ]);
      await sql.query(`DELETE FROM queue_revocation WHERE revoked_at < ? LIMIT ${PURGE_BATCH}`, [
        new Date(now.getTime() - REVOCATIONS_RETAIN_MS),
      ]);
      return { admitted, expiredActive: expired.length, droppedIdle: idle.length };
    }, READ_COMMITTED);
  }

  expire(tokenId: string, reason: QueueEndReason, now: Date): Promise<boolean> {
    return this.transactions.run(async () => {
      const rows: { status: string }[] = await this.sql.query(
        'SELECT status FROM queue_token WHERE id = ? FOR UPDATE',
        [tokenId],
      );
      if (!rows.length) return false;
      if (rows[0].status === 'EXPIRED') {
        // Already ended; make sure it no longer blocks the user's next token.
        await this.sql.query('UPDATE queue_token SET live_user_id = NULL WHERE id = ?', [tokenId]);
        return false;
      }
      await this.sql.query(
        `UPDATE queue_token SET status = 'EXPIRED', ended_reason = ?, live_user_id = NULL,
                expires_at = LEAST(expires_at, ?) WHERE id = ?`,
        [reason, now, tokenId],
      );
      if (rows[0].status === 'WAITING') await this.changeWaiting([tokenId], -1);
      if (reason === 'PAID' || reason === 'KICKED') await this.recordRevocation(tokenId, now);
      return true;
    });
  }

  async expireLiveOf(userId: string, reason: QueueEndReason, now: Date): Promise<QueueToken | null> {
    const rows: QueueTokenOrmEntity[] = await this.sql.query(
      `SELECT ${COLUMNS} FROM queue_token t WHERE t.live_user_id = ?`,
      [userId],
    );
    if (!rows.length) return null;
    const token = QueueTokenMapper.toDomain(rows[0]);
    if (!token.isLiveAt(now)) {
      // Not live any more, only not ended yet: end it for what it is.
      await this.expire(token.id, token.status === 'WAITING' ? 'IDLE' : 'TTL', now);
      return null;
    }
    return (await this.expire(token.id, reason, now)) ? token : null;
  }

  async settings(): Promise<QueueSettings> {
    const [row]: { maxActive: number | null; paused: number }[] = await this.sql.query(
      'SELECT max_active AS maxActive, paused FROM queue_settings WHERE id = 1',
    );
    return { maxActive: row.maxActive === null ? null : Number(row.maxActive), paused: Number(row.paused) === 1 };
  }

  async changeSettings(change: Partial<QueueSettings>): Promise<QueueSettings> {
    const sets: string[] = [];
    const values: unknown[] = [];
    if (change.maxActive !== undefined) {
      sets.push('max_active = ?');
      values.push(change.maxActive);
    }
    if (change.paused !== undefined) {
      sets.push('paused = ?');
      values.push(change.paused ? 1 : 0);
    }
    if (sets.length) await this.sql.query(`UPDATE queue_settings SET ${sets.join(', ')} WHERE id = 1`, values);
    return this.settings();
  }

  async overview(now: Date): Promise<QueueOverview> {
    const [row]: { waiting: string; active: string; admitted: string | null }[] = await this.sql.query(
      `SELECT (SELECT COALESCE(SUM(waiting), 0) FROM queue_bucket) AS waiting,
              (SELECT COUNT(*) FROM queue_token WHERE status = 'ACTIVE' AND expires_at > ?) AS active,
              (SELECT SUM(admitted) FROM queue_admission WHERE admitted_at > ?) AS admitted`,
      [now, new Date(now.getTime() - ONE_MINUTE_MS)],
    );
    return {
      waiting: Number(row.waiting),
      active: Number(row.active),
      admittedLastMinute: Number(row.admitted ?? 0),
      settings: await this.settings(),
    };
  }

  async revocationsSince(cursor: string | null): Promise<Revocations> {
    if (cursor === null) {
      const [{ last }]: { last: string | number }[] = await this.sql.query(
        'SELECT COALESCE(MAX(seq), 0) AS last FROM queue_revocation',
      );
      return { tokenIds: [], cursor: String(last) };
    }
    const rows: { seq: string | number; tokenId: string | number }[] = await this.sql.query(
      `SELECT seq, token_id AS tokenId FROM queue_revocation WHERE seq > ? ORDER BY seq LIMIT ${REVOCATION_PAGE}`,
      [cursor],
    );
    return {
      tokenIds: rows.map((row) => String(row.tokenId)),
      cursor: rows.length ? String(rows[rows.length - 1].seq) : cursor,
    };
  }

  async ping(): Promise<void> {
    await this.sql.query('SELECT 1');
  }

  private async findPlace(where: string, value: unknown): Promise<QueuePlace | null> {
    const rows: PlaceRow[] = await this.sql.query(
      `SELECT ${PLACE_COLUMNS} FROM queue_token t LEFT JOIN queue_stats s ON s.id = 1 WHERE ${where}`,
      [value],
    );
    return rows.length ? toPlace(rows[0]) : null;
  }

  /**
   * A token just appended, in its transaction: it is the newest, so every waiting token counted so far is ahead of it
   * or itself, and its position is the sum of all counters — no count inside its bucket (up to BUCKET_SIZE rows).
   */
  private async findNewPlace(id: number): Promise<QueuePlace | null> {
    const rows: PlaceRow[] = await this.sql.query(
      `SELECT ${COLUMNS}, (SELECT COALESCE(SUM(b.waiting), 0) - 1 FROM queue_bucket b) AS ahead,
              s.admitted AS snapshotAdmitted, s.seconds AS snapshotSeconds, s.max_active AS snapshotMaxActive
         FROM queue_token t LEFT JOIN queue_stats s ON s.id = 1 WHERE t.id = ?`,
      [id],
    );
    return rows.length ? toPlace(rows[0]) : null;
  }

  /**
   * The rows `candidates` finds (read without locks), locked by primary key in ascending order, kept while `due`
   * still holds under the lock. Locking through the status indexes (an UPDATE or SELECT … FOR UPDATE on a range of
   * them) took index entries before the rows, while a payment's or a kick's expire() locks the row first: the two
   * deadlocked, and a payment answered 500 once the retries ran out (found by the graceful-shutdown spec).
   */
  private async lockByPrimaryKey(
    candidates: string,
    values: unknown[],
    due: (row: { status: string; expiresAt: Date }) => boolean,
  ): Promise<string[]> {
    const found: { id: string | number }[] = await this.sql.query(candidates, values);
    if (!found.length) return [];
    const locked: { id: string | number; status: string; expiresAt: Date }[] = await this.sql.query(
      `SELECT id, status, expires_at AS expiresAt FROM queue_token FORCE INDEX (PRIMARY)
        WHERE id IN (?) ORDER BY id FOR UPDATE`,
      [found.map((row) => row.id)],
    );
    return locked.filter(due).map((row) => String(row.id));
  }

  /** The snapshot every instance estimates from: admissions within the window, over the time since the first. */
  private async recordSnapshot(rules: AdmissionRules, maxActive: number): Promise<void> {
    const now = rules.now.getTime();
    const [row]: { admitted: string | null; firstAt: Date | null }[] = await this.sql.query(
      'SELECT SUM(admitted) AS admitted, MIN(admitted_at) AS firstAt FROM queue_admission WHERE admitted_at > ?',
      [new Date(now - rules.observationWindowMs)],
    );
    const seconds = row.firstAt ? Math.max(now - row.firstAt.getTime(), rules.minObservationMs) / 1000 : 0;
    await this.sql.query(
      `INSERT INTO queue_stats (id, admitted, seconds, max_active) VALUES (1, ?, ?, ?)
       ON DUPLICATE KEY UPDATE admitted = VALUES(admitted), seconds = VALUES(seconds), max_active = VALUES(max_active)`,
      [Number(row.admitted ?? 0), seconds, maxActive],
    );
  }

  /** In the ending transaction; the counter row's lock makes seqs visible in commit order. */
  private async recordRevocation(tokenId: string, now: Date): Promise<void> {
    await this.sql.query('UPDATE queue_revocation_seq SET seq = LAST_INSERT_ID(seq + 1) WHERE id = 1');
    await this.sql.query('INSERT INTO queue_revocation (seq, token_id, revoked_at) VALUES (LAST_INSERT_ID(), ?, ?)', [
      tokenId,
      now,
    ]);
  }

  /** Adds `delta` to the waiting counters of these tokens' buckets, in the caller's transaction. */
  private async changeWaiting(ids: string[], delta: 1 | -1): Promise<void> {
    const counts = new Map<string, number>();
    for (const id of ids) {
      const { bucket, shard } = slotOf(id);
      const key = `${bucket}:${shard}`;
      counts.set(key, (counts.get(key) ?? 0) + delta);
    }
    // Sorted so that concurrent transactions lock counter rows in the same order.
    for (const key of [...counts.keys()].sort()) {
      const [bucket, shard] = key.split(':').map(Number);
      await this.sql.query(
        `INSERT INTO queue_bucket (bucket, shard, waiting) VALUES (?, ?, ?)
         ON DUPLICATE KEY UPDATE waiting = waiting + VALUES(waiting)`,
        [bucket, shard, counts.get(key)],
      );
    }
  }
}
