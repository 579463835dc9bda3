/**
 * Lua scripts of the Redis queue store. Each runs atomically in Redis, so any number of app instances can call them
 * at once. Every script declares the keys it touches (`keys`, passed as KEYS in that order) and builds no key name
 * itself: the keys of one line share a hash tag, so on Redis Cluster they live in one slot and one script can touch
 * them all. Per-token data lives in fields of fixed keys rather than in keys of their own for the same reason.
 *
 *   tokens      HASH  sha256(token) hex → "id|userId|nonce|status|endedReason|lastSeenAt|activatedAt|expiresAt"
 *   ids         HASH  id → sha256 hex
 *   live        HASH  userId → sha256 hex of the user's live token (one per user)
 *   waiting     ZSET  id → id                  FIFO; ZRANK is the position, O(log n)
 *   idle        ZSET  id → idle expiry (ms)    WAITING tokens
 *   active      ZSET  id → active expiry (ms)  ACTIVE tokens
 *   ended       ZSET  id → purge time (ms)     tokens a payment ended, kept for the payment's replay
 *   seq         STRING                         token ids, in arrival order
 *   admissions  ZSET  "firstId:count" → time (ms) of each tick that admitted
 *   stats       HASH  admitted, seconds, maxActive: what the last tick observed (every instance estimates from it)
 *   settings    HASH  maxActive, paused: the operator's settings
 *   revoked     STREAM id: tokens ended by a payment or an operator, for the instances' token caches
 *
 * Times are milliseconds since the epoch from the app's clock (ARGV), so tests can move time.
 */
export const QUEUE_KEYS = [
  'tokens',
  'ids',
  'live',
  'waiting',
  'idle',
  'active',
  'ended',
  'seq',
  'admissions',
  'stats',
  'settings',
  'revoked',
] as const;

export type QueueKey = (typeof QUEUE_KEYS)[number];

/** A script: the keys it declares (KEYS[1..n], in this order) and its Lua. */
export interface QueueScript {
  readonly keys: readonly QueueKey[];
  readonly lua: string;
}

// What an ending touches: expireToken below.
const ENDING: readonly QueueKey[] = ['tokens', 'ids', 'live', 'waiting', 'idle', 'active', 'ended', 'revoked'];

/** The helpers the scripts share; a helper uses only keys its callers declare. */
const COMMON = `
-- A record's fields: 1 id, 2 userId, 3 nonce, 4 status, 5 endedReason, 6 lastSeenAt, 7 activatedAt, 8 expiresAt.
local function split(record)
  local fields, from = {}, 1
  while true do
    local bar = string.find(record, '|', from, true)
    if not bar then
      fields[#fields + 1] = string.sub(record, from)
      return fields
    end
    fields[#fields + 1] = string.sub(record, from, bar - 1)
    from = bar + 1
  end
end

local function join(fields)
  return table.concat(fields, '|', 1, 8)
end

-- The record, the 0-based rank in the line ('' unless WAITING) and the last tick's snapshot: one poll's answer.
local function place(record)
  local fields = split(record)
  local rank = ''
  if fields[4] == 'WAITING' then
    local r = redis.call('ZRANK', WAITING, fields[1])
    if r then rank = tostring(r) end
  end
  local stats = redis.call('HMGET', STATS, 'admitted', 'seconds', 'maxActive')
  return {record, rank, stats[1] or '', stats[2] or '', stats[3] or ''}
end

-- A poll's sign of life: a live WAITING token last refreshed at least refreshAfterMs ago gets its idle expiry pushed
-- out to idleExpiresAt. Returns the record as it is now.
local function refreshIdle(hash, record, now, refreshAfterMs, idleExpiresAt)
  local fields = split(record)
  if fields[4] ~= 'WAITING' or tonumber(fields[8]) <= now or now - tonumber(fields[6]) < refreshAfterMs then
    return record
  end
  fields[6], fields[8] = tostring(now), tostring(idleExpiresAt)
  record = join(fields)
  redis.call('HSET', TOKENS, hash, record)
  redis.call('ZADD', IDLE, idleExpiresAt, fields[1])
  return record
end

-- Ends a live token: out of every set, no longer the user's live token. A token a payment ended is kept for
-- retainMs (its replay); any other is forgotten at once (an unknown token and an ended one both answer 401).
-- Paid and kicked tokens go to the revoked stream (kept a minute), which every instance's token cache follows.
local function expireToken(id, reason, now, retainMs)
  local hash = redis.call('HGET', IDS, id)
  if not hash then return false end
  local record = redis.call('HGET', TOKENS, hash)
  if not record then
    redis.call('HDEL', IDS, id)
    return false
  end
  local fields = split(record)
  if fields[4] == 'EXPIRED' then return false end
  redis.call('ZREM', WAITING, id)
  redis.call('ZREM', IDLE, id)
  redis.call('ZREM', ACTIVE, id)
  if redis.call('HGET', LIVE, fields[2]) == hash then redis.call('HDEL', LIVE, fields[2]) end
  local before = record
  if reason == 'PAID' then
    if now < tonumber(fields[8]) then fields[8] = tostring(now) end
    fields[4], fields[5] = 'EXPIRED', reason
    redis.call('HSET', TOKENS, hash, join(fields))
    redis.call('ZADD', ENDED, now + retainMs, id)
  else
    redis.call('HDEL', TOKENS, hash)
    redis.call('HDEL', IDS, id)
  end
  if reason == 'PAID' or reason == 'KICKED' then
    local time = redis.call('TIME')
    local serverMs = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
    redis.call('XADD', REVOKED, 'MINID', '~', tostring(serverMs - 60000), '*', 'id', id)
  end
  return before
end
`;

/** Each declared key as a local named after it (TOKENS = KEYS[1], …), then the helpers, then the body. */
function script(keys: readonly QueueKey[], body: string): QueueScript {
  const locals = keys.map((key, i) => `local ${key.toUpperCase()} = KEYS[${i + 1}]`).join('\n');
  return { keys, lua: `${locals}\n${COMMON}\n${body}` };
}

/** ARGV: userId, hash, nonce, now, idleExpiresAt, retainMs → {created, record, rank, admitted, seconds, maxActive} */
export const ENQUEUE = script(
  [...ENDING, 'seq', 'stats'],
  `
local userId, hash, nonce = ARGV[1], ARGV[2], ARGV[3]
local now, idleExpiresAt, retainMs = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local liveHash = redis.call('HGET', LIVE, userId)
if liveHash then
  local record = redis.call('HGET', TOKENS, liveHash)
  if record then
    local fields = split(record)
    if fields[4] ~= 'EXPIRED' and tonumber(fields[8]) > now then
      local answer = place(record)
      return {0, answer[1], answer[2], answer[3], answer[4], answer[5]}
    end
    -- Its time ran out before a tick ended it: end it now, so the user goes to the back of the line.
    expireToken(fields[1], fields[4] == 'WAITING' and 'IDLE' or 'TTL', now, retainMs)
  else
    redis.call('HDEL', LIVE, userId)
  end
end
local id = tostring(redis.call('INCR', SEQ))
local record = join({id, userId, nonce, 'WAITING', '', tostring(now), '', tostring(idleExpiresAt)})
redis.call('HSET', TOKENS, hash, record)
redis.call('HSET', IDS, id, hash)
redis.call('HSET', LIVE, userId, hash)
redis.call('ZADD', WAITING, id, id)
redis.call('ZADD', IDLE, idleExpiresAt, id)
local answer = place(record)
return {1, answer[1], answer[2], answer[3], answer[4], answer[5]}
`,
);

/** ARGV: hash → record, or nil */
export const FIND = script(
  ['tokens'],
  `
return redis.call('HGET', TOKENS, ARGV[1])
`,
);

/**
 * ARGV: hash[, now, refreshAfterMs, idleExpiresAt] → {record, rank, admitted, seconds, maxActive}, or nil. With the
 * last three (a poll), the idle refresh happens in the same script: a deep poll is one command, read or write.
 */
export const FIND_PLACE = script(
  ['tokens', 'waiting', 'idle', 'stats'],
  `
local hash = ARGV[1]
local record = redis.call('HGET', TOKENS, hash)
if not record then return false end
if ARGV[2] then record = refreshIdle(hash, record, tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])) end
return place(record)
`,
);

/** ARGV: id, now, idleExpiresAt → 1 when refreshed */
export const REFRESH_IDLE = script(
  ['tokens', 'ids', 'idle'],
  `
local hash = redis.call('HGET', IDS, ARGV[1])
if not hash then return 0 end
local record = redis.call('HGET', TOKENS, hash)
if not record then return 0 end
return refreshIdle(hash, record, tonumber(ARGV[2]), 0, tonumber(ARGV[3])) ~= record and 1 or 0
`,
);

/**
 * ARGV: now, defaultMaxActive, activeTtlMs, windowMs, minObservationMs, retainMs, dropBatch, purgeBatch,
 * admissionsRetainMs → {admitted, expiredActive, droppedIdle}
 */
export const ADMIT = script(
  [...ENDING, 'admissions', 'stats', 'settings'],
  `
local now, defaultMaxActive, ttl = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local windowMs, minObservationMs, retainMs = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local dropBatch, purgeBatch, admissionsRetainMs = tonumber(ARGV[7]), tonumber(ARGV[8]), tonumber(ARGV[9])

local expired = 0
for _, id in ipairs(redis.call('ZRANGEBYSCORE', ACTIVE, '-inf', now)) do
  if expireToken(id, 'TTL', now, retainMs) then expired = expired + 1 end
end
local dropped = 0
for _, id in ipairs(redis.call('ZRANGEBYSCORE', IDLE, '-inf', now, 'LIMIT', 0, dropBatch)) do
  if expireToken(id, 'IDLE', now, retainMs) then dropped = dropped + 1 end
end

local settings = redis.call('HMGET', SETTINGS, 'maxActive', 'paused')
local maxActive = tonumber(settings[1]) or defaultMaxActive
local admitted = 0
if settings[2] ~= '1' then
  local slots = maxActive - redis.call('ZCARD', ACTIVE)
  if slots > 0 then
    local activeUntil = now + ttl
    local ids = redis.call('ZRANGE', WAITING, 0, slots - 1)
    for _, id in ipairs(ids) do
      local hash = redis.call('HGET', IDS, id)
      local fields = split(redis.call('HGET', TOKENS, hash))
      fields[4], fields[7], fields[8] = 'ACTIVE', tostring(now), tostring(activeUntil)
      redis.call('HSET', TOKENS, hash, join(fields))
      redis.call('ZREM', WAITING, id)
      redis.call('ZREM', IDLE, id)
      redis.call('ZADD', ACTIVE, activeUntil, id)
      admitted = admitted + 1
    end
    if admitted > 0 then redis.call('ZADD', ADMISSIONS, now, ids[1] .. ':' .. admitted) end
  end
end

-- The snapshot every instance estimates from: admissions within the window, over the time since the first of them.
redis.call('ZREMRANGEBYSCORE', ADMISSIONS, '-inf', now - admissionsRetainMs)
local seen, first = 0, nil
local entries = redis.call('ZRANGEBYSCORE', ADMISSIONS, '(' .. (now - windowMs), '+inf', 'WITHSCORES')
for i = 1, #entries, 2 do
  local count = tonumber(string.match(entries[i], ':(%d+)$'))
  seen = seen + count
  local at = tonumber(entries[i + 1])
  if first == nil or at < first then first = at end
end
local seconds = 0
if first then seconds = math.max(now - first, minObservationMs) / 1000 end
redis.call('HSET', STATS, 'admitted', seen, 'seconds', tostring(seconds), 'maxActive', maxActive)

for _, id in ipairs(redis.call('ZRANGEBYSCORE', ENDED, '-inf', now, 'LIMIT', 0, purgeBatch)) do
  local hash = redis.call('HGET', IDS, id)
  if hash then redis.call('HDEL', TOKENS, hash) end
  redis.call('HDEL', IDS, id)
  redis.call('ZREM', ENDED, id)
end
return {admitted, expired, dropped}
`,
);

/** ARGV: id, reason, now, retainMs → 1 when it was live */
export const EXPIRE = script(
  ENDING,
  `
if expireToken(ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])) then return 1 end
return 0
`,
);

/** ARGV: userId, reason, now, retainMs → the record as it was, or nil when the user has no live token */
export const EXPIRE_LIVE_OF = script(
  ENDING,
  `
local userId, reason, now, retainMs = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
local hash = redis.call('HGET', LIVE, userId)
if not hash then return false end
local record = redis.call('HGET', TOKENS, hash)
if not record then
  redis.call('HDEL', LIVE, userId)
  return false
end
local fields = split(record)
if fields[4] == 'EXPIRED' then return false end
if tonumber(fields[8]) <= now then
  -- Not live any more, only not ended yet: end it for what it is.
  expireToken(fields[1], fields[4] == 'WAITING' and 'IDLE' or 'TTL', now, retainMs)
  return false
end
return expireToken(fields[1], reason, now, retainMs)
`,
);

/** ARGV: now, oneMinuteMs → {waiting, active, admittedLastMinute, maxActive, paused} */
export const OVERVIEW = script(
  ['waiting', 'active', 'admissions', 'settings'],
  `
local now, minute = tonumber(ARGV[1]), tonumber(ARGV[2])
local admitted = 0
for _, entry in ipairs(redis.call('ZRANGEBYSCORE', ADMISSIONS, '(' .. (now - minute), '+inf')) do
  admitted = admitted + tonumber(string.match(entry, ':(%d+)$'))
end
local settings = redis.call('HMGET', SETTINGS, 'maxActive', 'paused')
return {redis.call('ZCARD', WAITING), redis.call('ZCOUNT', ACTIVE, '(' .. now, '+inf'), admitted,
  settings[1] or '', settings[2] or ''}
`,
);

/** ARGV: maxActive ('' to keep), paused ('1', '0' or '' to keep) → {maxActive, paused} */
export const CHANGE_SETTINGS = script(
  ['settings'],
  `
if ARGV[1] ~= '' then redis.call('HSET', SETTINGS, 'maxActive', ARGV[1]) end
if ARGV[2] ~= '' then redis.call('HSET', SETTINGS, 'paused', ARGV[2]) end
local settings = redis.call('HMGET', SETTINGS, 'maxActive', 'paused')
return {settings[1] or '', settings[2] or ''}
`,
);
