import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { AppConfig } from '../../../../config/app-config.js';
import {
  type AdmissionOutcome,
  type AdmissionRules,
  type NewQueueEntry,
  QueueStore,
  type QueueSizes,
} from '../../domain/queue-store.js';
import { type QueueEndReason, QueueToken, type QueueTokenStatus } from '../../domain/queue-token.js';
import { ADMIT, ENQUEUE, EXPIRE, FIND_BY_HASH, REFRESH_IDLE } from './redis-queue.scripts.js';

/** id, userId, nonce, status, endedReason, lastSeenAt, activatedAt, expiresAt, rank in the waiting line ('' if none). */
type Fields = [string, string, string, string, string, string, string, string, string];
type ScriptFn = (...args: (string | number)[]) => Promise<unknown>;

const SCRIPTS = { enqueue: ENQUEUE, findByHash: FIND_BY_HASH, refreshIdle: REFRESH_IDLE, admit: ADMIT, expire: EXPIRE };

function toToken(fields: Fields): QueueToken {
  const [id, userId, nonce, status, endedReason, lastSeenAt, activatedAt, expiresAt] = fields;
  return new QueueToken(
    id,
    userId,
    Buffer.from(nonce, 'base64'),
    status as QueueTokenStatus,
    endedReason === '' ? null : (endedReason as QueueEndReason),
    new Date(Number(lastSeenAt)),
    activatedAt === '' ? null : new Date(Number(activatedAt)),
    new Date(Number(expiresAt)),
  );
}

/**
 * QUEUE_STORE=redis: the same atomic operations as the database store, as Lua scripts; the position
 * is a ZRANK, O(log n). Keys are prefixed with the database name, so two deployments (or test runs)
 * sharing one Redis never see each other's queue.
 */
@Injectable()
export class RedisQueueStore extends QueueStore implements OnModuleInit, OnApplicationShutdown {
  readonly redis: Redis;
  private readonly prefix: string;
  private readonly logger = new Logger(RedisQueueStore.name);

  constructor(config: AppConfig) {
    super();
    this.prefix = `${config.db.database}:queue:`;
    // Fail fast while Redis is away (503) rather than queueing commands in memory.
    this.redis = new Redis(config.queue.redisUrl, {
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
    });
    for (const [name, lua] of Object.entries(SCRIPTS)) this.redis.defineCommand(name, { numberOfKeys: 0, lua });
    // Requests answer 503 while Redis is away; the client reconnects on its own. Log each outage once.
    let down = false;
    this.redis.on('error', (error: Error) => {
      if (!down) this.logger.warn(`Redis unavailable: ${error.message}`);
      down = true;
    });
    this.redis.on('ready', () => (down = false));
  }

  async onModuleInit(): Promise<void> {
    await this.redis.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  /** Positions read along with a token (same script), keyed by that token object: used by position() once. */
  private readonly positionsRead = new WeakMap<QueueToken, number>();

  private withPosition(fields: Fields): QueueToken {
    const token = toToken(fields);
    if (fields[8] !== '') this.positionsRead.set(token, Number(fields[8]) + 1);
    return token;
  }

  async enqueue(entry: NewQueueEntry): Promise<{ token: QueueToken; created: boolean }> {
    const [created, fields] = (await this.script('enqueue')(
      this.prefix,
      entry.userId,
      Buffer.from(entry.tokenHash).toString('hex'),
      Buffer.from(entry.nonce).toString('base64'),
      entry.now.getTime(),
      entry.idleExpiresAt.getTime(),
    )) as [number, Fields];
    return { token: this.withPosition(fields), created: created === 1 };
  }

  async findByTokenHash(tokenHash: Uint8Array): Promise<QueueToken | null> {
    const fields = (await this.script('findByHash')(
      this.prefix,
      Buffer.from(tokenHash).toString('hex'),
    )) as Fields | null;
    return fields ? this.withPosition(fields) : null;
  }

  async position(token: QueueToken): Promise<number> {
    const read = this.positionsRead.get(token);
    if (read !== undefined) {
      this.positionsRead.delete(token);
      return read;
    }
    const rank = await this.redis.zrank(`${this.prefix}waiting`, token.id);
    // Not in the line any more: admitted a moment ago.
    return rank === null ? 1 : rank + 1;
  }

  async refreshIdle(tokenId: string, now: Date, idleExpiresAt: Date): Promise<void> {
    await this.script('refreshIdle')(this.prefix, tokenId, now.getTime(), idleExpiresAt.getTime());
  }

  async admit(rules: AdmissionRules): Promise<AdmissionOutcome> {
    const [admitted, expiredActive, droppedIdle] = (await this.script('admit')(
      this.prefix,
      rules.now.getTime(),
      rules.maxActive,
      rules.activeTtlSeconds * 1000,
    )) as [number, number, number];
    return { admitted, expiredActive, droppedIdle };
  }

  async expire(tokenId: string, reason: QueueEndReason, now: Date): Promise<boolean> {
    return (await this.script('expire')(this.prefix, tokenId, reason, now.getTime())) === 1;
  }

  async admissionsSince(since: Date): Promise<{ admitted: number; firstAt: Date | null }> {
    const entries = await this.redis.zrangebyscore(
      `${this.prefix}admissions`,
      `(${since.getTime()}`,
      '+inf',
      'WITHSCORES',
    );
    let admitted = 0;
    let firstAt: number | null = null;
    for (let i = 0; i < entries.length; i += 2) {
      admitted += Number(entries[i].split(':')[1]);
      firstAt = firstAt === null ? Number(entries[i + 1]) : Math.min(firstAt, Number(entries[i + 1]));
    }
    return { admitted, firstAt: firstAt === null ? null : new Date(firstAt) };
  }

  async sizes(now: Date): Promise<QueueSizes> {
    const [waiting, active] = await Promise.all([
      this.redis.zcard(`${this.prefix}waiting`),
      this.redis.zcount(`${this.prefix}active`, `(${now.getTime()}`, '+inf'),
    ]);
    return { waiting, active };
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  /** Deletes every key of this queue (tests). */
  async clear(): Promise<void> {
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${this.prefix}*`, 'COUNT', 1000);
      if (keys.length) await this.redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  }

  private script(name: keyof typeof SCRIPTS): ScriptFn {
    const fn = (this.redis as unknown as Record<string, ScriptFn>)[name];
    return fn.bind(this.redis);
  }
}
