import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../../../../shared/domain/transaction-runner.js';
import { isDuplicateKey, type WriteResult } from '../../../../shared/infrastructure/mysql.js';
import { Sql } from '../../../../shared/infrastructure/sql.js';
import {
  type AdmissionOutcome,
  type AdmissionRules,
  type NewQueueEntry,
  QueueStore,
  type QueueSizes,
} from '../../domain/queue-store.js';
import type { QueueEndReason, QueueToken } from '../../domain/queue-token.js';
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
/** Idle tokens dropped per tick at most; the rest go at the next tick. */
const DROP_BATCH = 5000;
/** Expired tokens are kept a day past their expiry (payment replays), then purged in batches. */
const RETAIN_EXPIRED_MS = 25 * 3600_000;
/**
 * The admission tick scans the tail of the line, where enqueues insert. Under REPEATABLE READ its next-key locks
 * there made ticks and concurrent enqueues deadlock (the benchmark saw 4 % of POST /queue/tokens fail with 500);
 * READ COMMITTED takes no gap locks. The tick needs no snapshot: the queue_lock row serialises ticks.
 */
const READ_COMMITTED = { isolation: 'READ COMMITTED' } as const;

const COLUMNS = `id, token_hash AS tokenHash, nonce, user_id AS userId, live_user_id AS liveUserId, status,
  ended_reason AS endedReason, created_at AS createdAt, last_seen_at AS lastSeenAt, activated_at AS activatedAt,
  expires_at AS expiresAt`;

function slotOf(id: string): { bucket: number; shard: number } {
  const n = Number(id);
  return { bucket: Math.floor(n / BUCKET_SIZE), shard: n % SHARDS };
}

@Injectable()
export class MySqlQueueStore extends QueueStore {
  /** Positions read along with a token by findByTokenHash, keyed by that token object (one request). */
  private readonly positionsRead = new WeakMap<QueueToken, number>();

  constructor(
    private readonly sql: Sql,
    private readonly transactions: TransactionRunner,
  ) {
    super();
  }

  async enqueue(entry: NewQueueEntry): Promise<{ token: QueueToken; created: boolean }> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const live = await this.findLiveOf(entry.userId);
      if (live?.isLiveAt(entry.now)) return { token: live, created: false };
      // A live token whose time ran out before a tick marked it is ended first, so the user goes to the back.
      if (live) await this.expire(live.id, live.status === 'WAITING' ? 'IDLE' : 'TTL', entry.now);
      try {
        const token = await this.transactions.run(async () => {
          const inserted: WriteResult = await this.sql.query(
            `INSERT INTO queue_token (token_hash, nonce, user_id, live_user_id, status, created_at, last_seen_at, expires_at)
             VALUES (?, ?, ?, ?, 'WAITING', ?, ?, ?)`,
            [entry.tokenHash, entry.nonce, entry.userId, entry.userId, entry.now, entry.now, entry.idleExpiresAt],
          );
          await this.changeWaiting([String(inserted.insertId)], +1);
          return this.findById(String(inserted.insertId));
        });
        if (token) return { token, created: true };
      } catch (error) {
        // The unique key on live_user_id decided a race for this user: read the winner's token.
        if (!isDuplicateKey(error)) throw error;
      }
    }
    throw new Error(`Could not enqueue user ${entry.userId}: the live token kept changing`);
  }

  async findByTokenHash(tokenHash: Uint8Array): Promise<QueueToken | null> {
    // A WAITING token's place comes in the same round trip (position() below picks it up): the guard's lookup and
    // the poll's position were two, and the round trips are most of a poll's cost (docs/benchmarks.md).
    const rows: (QueueTokenOrmEntity & { ahead: string | null })[] = await this.sql.query(
      `SELECT ${COLUMNS},
              CASE WHEN status = 'WAITING' THEN
                (SELECT COALESCE(SUM(b.waiting), 0) FROM queue_bucket b WHERE b.bucket < FLOOR(t.id / ${BUCKET_SIZE}))
              + (SELECT COUNT(*) FROM queue_token w
                  WHERE w.status = 'WAITING' AND w.id >= FLOOR(t.id / ${BUCKET_SIZE}) * ${BUCKET_SIZE} AND w.id < t.id)
              END AS ahead
         FROM queue_token t WHERE t.token_hash = ?`,
      [tokenHash],
    );
    if (!rows.length) return null;
    const token = QueueTokenMapper.toDomain(rows[0]);
    if (rows[0].ahead !== null) this.positionsRead.set(token, Number(rows[0].ahead) + 1);
    return token;
  }

  async position(token: QueueToken): Promise<number> {
    // Read with the token in this request (findByTokenHash): used once, then the next call reads again.
    const read = this.positionsRead.get(token);
    if (read !== undefined) {
      this.positionsRead.delete(token);
      return read;
    }
    const { bucket } = slotOf(token.id);
    const [row]: { ahead: string }[] = await this.sql.query(
      `SELECT (SELECT COALESCE(SUM(waiting), 0) FROM queue_bucket WHERE bucket < ?)
            + (SELECT COUNT(*) FROM queue_token WHERE status = 'WAITING' AND id >= ? AND id < ?) AS ahead`,
      [bucket, bucket * BUCKET_SIZE, token.id],
    );
    return Number(row.ahead) + 1;
  }

  async refreshIdle(tokenId: string, now: Date, idleExpiresAt: Date): Promise<void> {
    await this.sql.query(
      `UPDATE queue_token FORCE INDEX (PRIMARY) SET last_seen_at = ?, expires_at = ?
        WHERE id = ? AND status = 'WAITING' AND expires_at > ?`,
      [now, idleExpiresAt, tokenId, now],
    );
  }

  admit(rules: AdmissionRules): Promise<AdmissionOutcome> {
    const { now } = rules;
    return this.transactions.run(async () => {
      const tx = this.sql;
      // One tick at a time across every instance: this row lock is the admission mutex.
      await tx.query(`SELECT name FROM queue_lock WHERE name = 'admission' FOR UPDATE`);

      const expired: WriteResult = await tx.query(
        `UPDATE queue_token SET status = 'EXPIRED', ended_reason = 'TTL', live_user_id = NULL
          WHERE status = 'ACTIVE' AND expires_at <= ?`,
        [now],
      );

      const idle: { id: string }[] = await tx.query(
        `SELECT id FROM queue_token WHERE status = 'WAITING' AND expires_at <= ? LIMIT ${DROP_BATCH} FOR UPDATE`,
        [now],
      );
      if (idle.length) {
        const ids = idle.map((row) => String(row.id));
        await tx.query(
          `UPDATE queue_token FORCE INDEX (PRIMARY) SET status = 'EXPIRED', ended_reason = 'IDLE', live_user_id = NULL WHERE id IN (?)`,
          [ids],
        );
        await this.changeWaiting(ids, -1);
      }

      const [{ active }]: { active: string }[] = await tx.query(
        `SELECT COUNT(*) AS active FROM queue_token WHERE status = 'ACTIVE'`,
      );
      const slots = rules.maxActive - Number(active);
      let admitted = 0;
      if (slots > 0) {
        const next: { id: string }[] = await tx.query(
          `SELECT id FROM queue_token WHERE status = 'WAITING' ORDER BY id LIMIT ? FOR UPDATE`,
          [slots],
        );
        if (next.length) {
          const ids = next.map((row) => String(row.id));
          const activeUntil = new Date(now.getTime() + rules.activeTtlSeconds * 1000);
          await tx.query(
            `UPDATE queue_token FORCE INDEX (PRIMARY) SET status = 'ACTIVE', activated_at = ?, expires_at = ? WHERE id IN (?)`,
            [now, activeUntil, ids],
          );
          await this.changeWaiting(ids, -1);
          await tx.query('INSERT INTO queue_admission (admitted_at, admitted) VALUES (?, ?)', [now, ids.length]);
          admitted = ids.length;
        }
      }

      await tx.query('DELETE FROM queue_bucket WHERE waiting = 0');
      await tx.query('DELETE FROM queue_admission WHERE admitted_at < ?', [new Date(now.getTime() - 3600_000)]);
      await tx.query(`DELETE FROM queue_token WHERE status = 'EXPIRED' AND expires_at < ? LIMIT 1000`, [
        new Date(now.getTime() - RETAIN_EXPIRED_MS),
      ]);
      return { admitted, expiredActive: expired.affectedRows, droppedIdle: idle.length };
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
      return true;
    });
  }

  async admissionsSince(since: Date): Promise<{ admitted: number; firstAt: Date | null }> {
    const [row]: { admitted: string | null; firstAt: Date | null }[] = await this.sql.query(
      'SELECT SUM(admitted) AS admitted, MIN(admitted_at) AS firstAt FROM queue_admission WHERE admitted_at > ?',
      [since],
    );
    return { admitted: Number(row.admitted ?? 0), firstAt: row.firstAt };
  }

  async sizes(now: Date): Promise<QueueSizes> {
    const [row]: { waiting: string; active: string }[] = await this.sql.query(
      `SELECT (SELECT COALESCE(SUM(waiting), 0) FROM queue_bucket) AS waiting,
              (SELECT COUNT(*) FROM queue_token WHERE status = 'ACTIVE' AND expires_at > ?) AS active`,
      [now],
    );
    return { waiting: Number(row.waiting), active: Number(row.active) };
  }

  async ping(): Promise<void> {
    await this.sql.query('SELECT 1');
  }

  private async findById(id: string): Promise<QueueToken | null> {
    const rows: QueueTokenOrmEntity[] = await this.sql.query(`SELECT ${COLUMNS} FROM queue_token WHERE id = ?`, [id]);
    return rows.length ? QueueTokenMapper.toDomain(rows[0]) : null;
  }

  private async findLiveOf(userId: string): Promise<QueueToken | null> {
    const rows: QueueTokenOrmEntity[] = await this.sql.query(
      `SELECT ${COLUMNS} FROM queue_token WHERE live_user_id = ?`,
      [userId],
    );
    return rows.length ? QueueTokenMapper.toDomain(rows[0]) : null;
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
