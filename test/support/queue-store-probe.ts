import type { QueueKey } from '../../src/modules/queue/infrastructure/redis/redis-queue.scripts.js';
import { queueKey } from '../../src/modules/queue/infrastructure/redis/redis-queue.store.js';
import { RedisConnection } from '../../src/redis/redis-connection.js';
import type { TestApp } from './test-app.js';

/** What the last admission tick wrote for every instance to estimate from (null before the first tick). */
export interface StoredSnapshot {
  admitted: number;
  seconds: number;
  maxActive: number;
}

/**
 * Reads the queue's state straight from whichever store the app uses (QUEUE_STORE), for assertions that must not
 * trust the HTTP routes under test. Tests only.
 */
export class QueueStoreProbe {
  constructor(private readonly t: TestApp) {}

  private get redis() {
    return this.t.get(RedisConnection).client;
  }

  private key(name: QueueKey): string {
    return queueKey(this.t.config.db.database, name);
  }

  /** `SELECT * FROM queue_stats`, or HGETALL of the stats key. */
  async snapshot(): Promise<StoredSnapshot | null> {
    const redis = this.redis;
    if (redis) {
      const stats = await redis.hgetall(this.key('stats'));
      if (stats.maxActive === undefined) return null;
      return { admitted: Number(stats.admitted), seconds: Number(stats.seconds), maxActive: Number(stats.maxActive) };
    }
    const rows: { admitted: number; seconds: number; max_active: number }[] = await this.t.db.query(
      'SELECT * FROM queue_stats WHERE id = 1',
    );
    if (!rows.length) return null;
    return {
      admitted: Number(rows[0].admitted),
      seconds: Number(rows[0].seconds),
      maxActive: Number(rows[0].max_active),
    };
  }

  /** Forgets the snapshot, so that its reappearance proves a tick ran after this call. */
  async deleteSnapshot(): Promise<void> {
    const redis = this.redis;
    if (redis) await redis.del(this.key('stats'));
    else await this.t.db.query('DELETE FROM queue_stats');
  }

  /** Tokens not ended yet (WAITING or ACTIVE, whether or not their time ran out): one per user. */
  async liveTokens(): Promise<number> {
    const redis = this.redis;
    if (redis) return redis.hlen(this.key('live'));
    const [{ n }]: { n: string | number }[] = await this.t.db.query(
      'SELECT COUNT(*) AS n FROM queue_token WHERE live_user_id IS NOT NULL',
    );
    return Number(n);
  }

  /** The expiry (ms) of the user's live token as stored — for a WAITING token, when it is dropped as idle. */
  async expiryOf(userId: string): Promise<number | null> {
    const redis = this.redis;
    if (redis) {
      const hash = await redis.hget(this.key('live'), userId);
      const record = hash === null ? null : await redis.hget(this.key('tokens'), hash);
      return record === null ? null : Number(record.split('|')[7]);
    }
    const rows: { expiresAt: Date }[] = await this.t.db.query(
      'SELECT expires_at AS expiresAt FROM queue_token WHERE live_user_id = ?',
      [userId],
    );
    return rows.length ? rows[0].expiresAt.getTime() : null;
  }
}
