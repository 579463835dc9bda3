import type { Result } from 'ioredis';
import type { AppConfig } from '../../../../config/app-config.js';
import type { RedisClient } from '../../../../redis/redis-connection.js';
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
import { type QueueEndReason, QueueToken, type QueueTokenStatus } from '../../domain/queue-token.js';
import { ADMISSIONS_RETAIN_MS, DROP_BATCH, ONE_MINUTE_MS, PURGE_BATCH, RETAIN_ENDED_MS } from '../queue-retention.js';
import {
  ADMIT,
  CHANGE_SETTINGS,
  ENQUEUE,
  EXPIRE,
  EXPIRE_LIVE_OF,
  FIND,
  FIND_PLACE,
  OVERVIEW,
  QUEUE_KEYS,
  type QueueKey,
  type QueueScript,
  REFRESH_IDLE,
} from './redis-queue.scripts.js';

type Arg = string | number;
/** record, rank ('' unless WAITING), admitted, seconds, maxActive ('' before the first tick) */
type PlaceReply = [string, string, string, string, string];

// The scripts, as ioredis commands (defineCommand below); every one takes the line's keys first.
declare module 'ioredis' {
  interface RedisCommander<Context> {
    queueEnqueue(...args: Arg[]): Result<[number, ...PlaceReply], Context>;
    queueFind(...args: Arg[]): Result<string | null, Context>;
    queueFindPlace(...args: Arg[]): Result<PlaceReply | null, Context>;
    queueRefreshIdle(...args: Arg[]): Result<number, Context>;
    queueAdmit(...args: Arg[]): Result<[number, number, number], Context>;
    queueExpire(...args: Arg[]): Result<number, Context>;
    queueExpireLiveOf(...args: Arg[]): Result<string | null, Context>;
    queueOverview(...args: Arg[]): Result<[number, number, number, string, string], Context>;
    queueChangeSettings(...args: Arg[]): Result<[string, string], Context>;
  }
}

const SCRIPTS = {
  queueEnqueue: ENQUEUE,
  queueFind: FIND,
  queueFindPlace: FIND_PLACE,
  queueRefreshIdle: REFRESH_IDLE,
  queueAdmit: ADMIT,
  queueExpire: EXPIRE,
  queueExpireLiveOf: EXPIRE_LIVE_OF,
  queueOverview: OVERVIEW,
  queueChangeSettings: CHANGE_SETTINGS,
} satisfies Record<string, QueueScript>;

/** The key of one line's `name`. The hash tag (the part in braces) puts every key of a line in one Cluster slot. */
export function queueKey(database: string, name: QueueKey): string {
  return `{${database}:queue}:${name}`;
}

/** Every key of one line. */
export function queueKeys(database: string): string[] {
  return QUEUE_KEYS.map((name) => queueKey(database, name));
}

function toToken(record: string): QueueToken {
  const [id, userId, nonce, status, endedReason, lastSeenAt, activatedAt, expiresAt] = record.split('|');
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

function toPlace([record, rank, admitted, seconds, maxActive]: PlaceReply): QueuePlace {
  return {
    token: toToken(record),
    position: rank === '' ? null : Number(rank) + 1,
    snapshot:
      maxActive === '' ? null : { admitted: Number(admitted), seconds: Number(seconds), maxActive: Number(maxActive) },
  };
}

function toSettings(maxActive: string, paused: string): QueueSettings {
  return { maxActive: maxActive === '' ? null : Number(maxActive), paused: paused === '1' };
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/**
 * QUEUE_STORE=redis: the same atomic operations as the database store, as Lua scripts; a position is a ZRANK,
 * O(log n), and a poll is one command. Keys carry the database name, so two deployments (or test runs) sharing a
 * Redis never see each other's line; on Redis Cluster a line lives on one shard (docs/scaling.md).
 */
export class RedisQueueStore extends QueueStore {
  /** Per script, the key names it declares, in its order. */
  private readonly keys: Record<keyof typeof SCRIPTS, string[]>;
  private readonly revokedKey: string;

  constructor(
    private readonly redis: RedisClient,
    config: AppConfig,
  ) {
    super();
    const key = (name: QueueKey) => queueKey(config.db.database, name);
    this.keys = Object.fromEntries(Object.entries(SCRIPTS).map(([name, { keys }]) => [name, keys.map(key)])) as Record<
      keyof typeof SCRIPTS,
      string[]
    >;
    this.revokedKey = key('revoked');
    for (const [name, { keys, lua }] of Object.entries(SCRIPTS)) {
      redis.defineCommand(name, { numberOfKeys: keys.length, lua });
    }
  }

  async enqueue(entry: NewQueueEntry): Promise<{ place: QueuePlace; created: boolean }> {
    const [created, ...reply] = await this.redis.queueEnqueue(
      ...this.keys.queueEnqueue,
      entry.userId,
      hex(entry.tokenHash),
      Buffer.from(entry.nonce).toString('base64'),
      entry.now.getTime(),
      entry.idleExpiresAt.getTime(),
      RETAIN_ENDED_MS,
    );
    return { place: toPlace(reply), created: created === 1 };
  }

  async find(tokenHash: Uint8Array): Promise<QueueToken | null> {
    const record = await this.redis.queueFind(...this.keys.queueFind, hex(tokenHash));
    return record === null ? null : toToken(record);
  }

  async findWithPosition(tokenHash: Uint8Array, poll?: IdlePoll): Promise<QueuePlace | null> {
    const refresh = poll ? [poll.now.getTime(), poll.refreshAfterMs, poll.idleExpiresAt.getTime()] : [];
    const reply = await this.redis.queueFindPlace(...this.keys.queueFindPlace, hex(tokenHash), ...refresh);
    return reply === null ? null : toPlace(reply);
  }

  async refreshIdle(tokenId: string, now: Date, idleExpiresAt: Date): Promise<boolean> {
    const keys = this.keys.queueRefreshIdle;
    return (await this.redis.queueRefreshIdle(...keys, tokenId, now.getTime(), idleExpiresAt.getTime())) === 1;
  }

  async admit(rules: AdmissionRules): Promise<AdmissionOutcome> {
    const [admitted, expiredActive, droppedIdle] = await this.redis.queueAdmit(
      ...this.keys.queueAdmit,
      rules.now.getTime(),
      rules.defaultMaxActive,
      rules.activeTtlSeconds * 1000,
      rules.observationWindowMs,
      rules.minObservationMs,
      RETAIN_ENDED_MS,
      DROP_BATCH,
      PURGE_BATCH,
      ADMISSIONS_RETAIN_MS,
    );
    return { admitted, expiredActive, droppedIdle };
  }

  async expire(tokenId: string, reason: QueueEndReason, now: Date): Promise<boolean> {
    return (
      (await this.redis.queueExpire(...this.keys.queueExpire, tokenId, reason, now.getTime(), RETAIN_ENDED_MS)) === 1
    );
  }

  async expireLiveOf(userId: string, reason: QueueEndReason, now: Date): Promise<QueueToken | null> {
    const record = await this.redis.queueExpireLiveOf(
      ...this.keys.queueExpireLiveOf,
      userId,
      reason,
      now.getTime(),
      RETAIN_ENDED_MS,
    );
    return record === null ? null : toToken(record);
  }

  async settings(): Promise<QueueSettings> {
    return this.changeSettings({});
  }

  async changeSettings(change: Partial<QueueSettings>): Promise<QueueSettings> {
    const paused = change.paused === undefined ? '' : change.paused ? '1' : '0';
    const maxActive = change.maxActive === undefined || change.maxActive === null ? '' : change.maxActive;
    const [storedMaxActive, storedPaused] = await this.redis.queueChangeSettings(
      ...this.keys.queueChangeSettings,
      maxActive,
      paused,
    );
    return toSettings(storedMaxActive, storedPaused);
  }

  async overview(now: Date): Promise<QueueOverview> {
    const [waiting, active, admittedLastMinute, maxActive, paused] = await this.redis.queueOverview(
      ...this.keys.queueOverview,
      now.getTime(),
      ONE_MINUTE_MS,
    );
    return { waiting, active, admittedLastMinute, settings: toSettings(maxActive, paused) };
  }

  async revocationsSince(cursor: string | null): Promise<Revocations> {
    if (cursor === null) {
      const [last] = await this.redis.xrevrange(this.revokedKey, '+', '-', 'COUNT', 1);
      return { tokenIds: [], cursor: last?.[0] ?? '0-0' };
    }
    const entries = await this.redis.xrange(this.revokedKey, `(${cursor}`, '+', 'COUNT', 1000);
    return {
      tokenIds: entries.map(([, fields]) => fields[1]),
      cursor: entries.length ? entries[entries.length - 1][0] : cursor,
    };
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }
}
