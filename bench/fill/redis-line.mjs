// Fills the QUEUE_STORE=redis queue straight into Redis, for the queue scenarios. This is the ONE module of the bench
// that knows the Redis store's key layout (src/modules/queue/infrastructure/redis/redis-queue.scripts.ts, the comment
// at its top, and the prefix in redis-queue.store.ts): when that layout changes (hash tags for Redis Cluster, …),
// change this file and nothing else. `redis` is an ioredis client; `database` is the app's DB_DATABASE, which the store
// prefixes its keys with.
import { createHash, randomBytes, randomUUID } from 'node:crypto';

/** Filler tokens per pipeline: three HSETs and one or two ZADDs of this many fields each. */
const FILL_BATCH = 2000;
/** Far beyond the run: no filler expires or idles out under a measurement. */
const FILLER_LIFETIME_MS = 3 * 3600_000;

/**
 * The store's key for `name` ("seq", "waiting", "tokens", …) in the app whose DB_DATABASE is `database`: every key of
 * one line shares the hash tag `{<database>:queue}` (one Redis Cluster slot).
 */
const key = (database, name) => `{${database}:queue}:${name}`;

/**
 * Writes `n` filler tokens with `status` (WAITING or ACTIVE) as ENQUEUE and ADMIT would leave them: ids from INCRBY seq
 * (so that tokens issued over HTTP afterwards come after them in the line), the packed record in `tokens` under the
 * token's hash, `ids` id → hash, `live` user → hash, and the waiting + idle or the active sorted set.
 */
async function insertFillers(redis, database, n, status) {
  const now = Date.now();
  const until = now + FILLER_LIFETIME_MS;
  for (let done = 0; done < n;) {
    const batch = Math.min(FILL_BATCH, n - done);
    const last = await redis.incrby(key(database, 'seq'), batch);
    const pipeline = redis.pipeline();
    const records = [];
    const ids = [];
    const live = [];
    const scored = [];
    const idle = [];
    for (let id = last - batch + 1; id <= last; id++) {
      const userId = randomUUID();
      const hash = randomBytes(32).toString('hex');
      const nonce = randomBytes(16).toString('base64');
      // id|userId|nonce|status|endedReason|lastSeenAt|activatedAt|expiresAt
      records.push(hash, [id, userId, nonce, status, '', now, status === 'ACTIVE' ? now : '', until].join('|'));
      ids.push(id, hash);
      live.push(userId, hash);
      // waiting: id → id (FIFO); active: id → active expiry; idle: id → idle expiry.
      scored.push(status === 'ACTIVE' ? until : id, id);
      if (status === 'WAITING') idle.push(until, id);
    }
    pipeline.hset(key(database, 'tokens'), ...records);
    pipeline.hset(key(database, 'ids'), ...ids);
    pipeline.hset(key(database, 'live'), ...live);
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

/** Deletes every key of the queue and the rate limits of the app whose DB_DATABASE is `database`; returns how many. */
export async function deleteBenchKeys(redis, database) {
  let deleted = 0;
  for (const pattern of [key(database, '*'), `${database}:rate:*`]) {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 5000);
      if (keys.length) deleted += await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  }
  return deleted;
}

/**
 * Holds admissions and sets the active set's size, as the operator's PATCH /admin/queue would: a measured tick can
 * then be released at a moment of the bench's choosing (resumeAdmissions).
 */
export async function holdAdmissions(redis, database, maxActive) {
  await redis.hset(key(database, 'settings'), 'paused', '1', 'maxActive', String(maxActive));
}

/** Lets the next tick admit; by HMSET, which the app never sends, so that bench/lib/counters.mjs leaves it out. */
export async function resumeAdmissions(redis, database) {
  await redis.hmset(key(database, 'settings'), 'paused', '0');
}

/** The id of the WAITING token at 0-based `index` in the line. */
export async function waitingIdAt(redis, database, index) {
  const [id] = await redis.zrange(key(database, 'waiting'), index, index);
  return id;
}

/** Whether token `id` still waits; by ZSCORE, which the app never sends, so that the counters leave it out. */
export async function stillWaiting(redis, database, id) {
  return (await redis.zscore(key(database, 'waiting'), id)) !== null;
}

/** The bytes the line's keys take in Redis (MEMORY USAGE with every element sampled), and its live tokens. */
export async function lineMemory(redis, database) {
  let bytes = 0;
  for (const name of ['tokens', 'ids', 'live', 'waiting', 'idle', 'active', 'ended', 'seq', 'admissions', 'stats']) {
    bytes += (await redis.memory('USAGE', key(database, name), 'SAMPLES', '0')) ?? 0;
  }
  const [waiting, active] = await Promise.all([
    redis.zcard(key(database, 'waiting')),
    redis.zcard(key(database, 'active')),
  ]);
  return { bytes, waiting, active };
}

/** The store's key of a token in `tokens`: the SHA-256 of the token as the client sends it, in hex. */
const hashOf = (token) => createHash('sha256').update(token).digest('hex');

/** Sets the last poll time of these tokens (as issued over HTTP) to `ms`: their next poll refreshes the idle time. */
export async function setLastSeen(redis, database, tokens, ms) {
  const hashes = tokens.map(hashOf);
  const records = await redis.hmget(key(database, 'tokens'), ...hashes);
  const fields = [];
  records.forEach((record, i) => {
    if (record === null) throw new Error(`Redis line: no token with hash ${hashes[i]}`);
    const parts = record.split('|');
    parts[5] = String(ms); // id|userId|nonce|status|endedReason|lastSeenAt|activatedAt|expiresAt
    fields.push(hashes[i], parts.join('|'));
  });
  await redis.hset(key(database, 'tokens'), ...fields);
}

/** How many of these tokens were last seen at or after `ms`. */
export async function seenSince(redis, database, tokens, ms) {
  const records = await redis.hmget(key(database, 'tokens'), ...tokens.map(hashOf));
  return records.filter((record) => record !== null && Number(record.split('|')[5]) >= ms).length;
}
