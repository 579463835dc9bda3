// Fills the QUEUE_STORE=redis queue straight into Redis, for the queue scenarios. This is the ONE module of the bench
// that knows the Redis store's key layout (src/modules/queue/infrastructure/redis/redis-queue.scripts.ts, the comment
// at its top, and the prefix in redis-queue.store.ts): when that layout changes (hash tags for Redis Cluster, …),
// change this file and nothing else. `redis` is an ioredis client; `database` is the app's DB_DATABASE, which the store
// prefixes its keys with.
import { randomBytes, randomUUID } from 'node:crypto';

/** Filler tokens per pipeline: one HSET each plus an MSET and one or two ZADDs, about 2,000 commands. */
const FILL_BATCH = 2000;
/** Far beyond the run: no filler expires or idles out under a measurement. */
const FILLER_LIFETIME_MS = 3 * 3600_000;

/** The store's key for `name` ("seq", "waiting", "token:42", …) in the app whose DB_DATABASE is `database`. */
const key = (database, name) => `${database}:queue:${name}`;

/**
 * Writes `n` filler tokens with `status` (WAITING or ACTIVE) as ENQUEUE and ADMIT would leave them: ids from INCRBY seq
 * (so that tokens issued over HTTP afterwards come after them in the line), the token hash, the hash → id and
 * live user → id keys, and the waiting + idle or the active sorted set.
 */
async function insertFillers(redis, database, n, status) {
  const now = Date.now();
  const until = now + FILLER_LIFETIME_MS;
  for (let done = 0; done < n;) {
    const batch = Math.min(FILL_BATCH, n - done);
    const last = await redis.incrby(key(database, 'seq'), batch);
    const pipeline = redis.pipeline();
    const strings = [];
    const scored = [];
    const idle = [];
    for (let id = last - batch + 1; id <= last; id++) {
      const userId = randomUUID();
      const hash = randomBytes(32).toString('hex');
      pipeline.hset(key(database, `token:${id}`), {
        userId,
        nonce: randomBytes(16).toString('base64'),
        hash,
        status,
        endedReason: '',
        lastSeenAt: now,
        activatedAt: status === 'ACTIVE' ? now : '',
        expiresAt: until,
      });
      strings.push(key(database, `hash:${hash}`), id, key(database, `live:${userId}`), id);
      // waiting: id → id (FIFO); active: id → active expiry; idle: id → idle expiry.
      scored.push(status === 'ACTIVE' ? until : id, id);
      if (status === 'WAITING') idle.push(until, id);
    }
    pipeline.mset(...strings);
    pipeline.zadd(key(database, status === 'ACTIVE' ? 'active' : 'waiting'), ...scored);
    if (idle.length) pipeline.zadd(key(database, 'idle'), ...idle);
    const failure = (await pipeline.exec()).find(([error]) => error);
    if (failure) throw failure[0];
    done += batch;
  }
}

/** How many tokens wait in the line. */
export function waitingCount(redis, database) {
  return redis.zcard(key(database, 'waiting'));
}

/**
 * Tops the active set up to `n` ACTIVE tokens (filler users, expiring long after the run); returns how many it added.
 * Call it while nobody waits: from then on the scheduler's ADMIT finds no free slot.
 */
export async function fillActiveTo(redis, database, n) {
  const missing = Math.max(0, n - (await redis.zcard(key(database, 'active'))));
  await insertFillers(redis, database, missing, 'ACTIVE');
  return missing;
}

/** Appends `n` WAITING filler tokens to the back of the line; returns the line's length afterwards. */
export async function fillWaiting(redis, database, n) {
  await insertFillers(redis, database, n, 'WAITING');
  const [waiting, idle] = await Promise.all([
    redis.zcard(key(database, 'waiting')),
    redis.zcard(key(database, 'idle')),
  ]);
  if (idle !== waiting) throw new Error(`Redis line: ${waiting} waiting but ${idle} in the idle set`);
  return waiting;
}

/** Deletes every key of the queue of the app whose DB_DATABASE is `database`; returns how many. */
export async function deleteBenchKeys(redis, database) {
  let deleted = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', key(database, '*'), 'COUNT', 5000);
    if (keys.length) deleted += await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  return deleted;
}
