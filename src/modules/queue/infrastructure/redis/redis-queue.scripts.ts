/**
 * Lua scripts of the Redis queue store. Each runs atomically in Redis, so any number of app
 * instances can call them at once. ARGV[1] is the key prefix; keys are built inside the scripts,
 * which is fine on one Redis server (not on Redis Cluster).
 *
 *   {P}seq              INCR counter: token ids, in arrival order
 *   {P}token:{id}       HASH userId nonce hash status endedReason lastSeenAt activatedAt expiresAt
 *   {P}hash:{sha256}    token id, for the guard's lookup
 *   {P}live:{userId}    the user's live token id (one per user)
 *   {P}waiting          ZSET id → id        (FIFO; ZRANK is the position, O(log n))
 *   {P}idle             ZSET id → idle expiry (ms)
 *   {P}active           ZSET id → active expiry (ms)
 *   {P}admissions       ZSET "seq:count" → time (ms)
 */
const COMMON = `
local P = ARGV[1]
local RETAIN_MS = 90000000
local FIELDS = {'userId', 'nonce', 'status', 'endedReason', 'lastSeenAt', 'activatedAt', 'expiresAt'}

local function fields(id)
  local values = redis.call('HMGET', P .. 'token:' .. id, unpack(FIELDS))
  if not values[1] then return false end
  local out = {id}
  for i = 1, #values do out[i + 1] = values[i] or '' end
  return out
end

-- fields(id) plus the token's 0-based place in the waiting line ('' when it is not waiting): one round trip per poll.
local function fieldsWithRank(id)
  local out = fields(id)
  if not out then return false end
  local rank = redis.call('ZRANK', P .. 'waiting', id)
  out[#out + 1] = rank and tostring(rank) or ''
  return out
end

local function expireToken(id, reason, now)
  local key = P .. 'token:' .. id
  local status = redis.call('HGET', key, 'status')
  if (not status) or status == 'EXPIRED' then return 0 end
  local userId = redis.call('HGET', key, 'userId')
  local expiresAt = tonumber(redis.call('HGET', key, 'expiresAt'))
  if now < expiresAt then expiresAt = now end
  redis.call('HSET', key, 'status', 'EXPIRED', 'endedReason', reason, 'expiresAt', expiresAt)
  redis.call('ZREM', P .. 'waiting', id)
  redis.call('ZREM', P .. 'idle', id)
  redis.call('ZREM', P .. 'active', id)
  if redis.call('GET', P .. 'live:' .. userId) == id then redis.call('DEL', P .. 'live:' .. userId) end
  local hash = redis.call('HGET', key, 'hash')
  redis.call('PEXPIRE', key, RETAIN_MS)
  redis.call('PEXPIRE', P .. 'hash:' .. hash, RETAIN_MS)
  return 1
end
`;

/** ARGV: prefix, userId, hash, nonce, now, idleExpiresAt → {created, fields + rank} */
export const ENQUEUE = `${COMMON}
local userId, hash, nonce = ARGV[2], ARGV[3], ARGV[4]
local now, idleExpiresAt = tonumber(ARGV[5]), tonumber(ARGV[6])
local liveKey = P .. 'live:' .. userId
local liveId = redis.call('GET', liveKey)
if liveId then
  local key = P .. 'token:' .. liveId
  local status = redis.call('HGET', key, 'status')
  local expiresAt = tonumber(redis.call('HGET', key, 'expiresAt') or '0')
  if status and status ~= 'EXPIRED' and expiresAt > now then return {0, fieldsWithRank(liveId)} end
  if status == 'WAITING' then expireToken(liveId, 'IDLE', now)
  elseif status then expireToken(liveId, 'TTL', now)
  else redis.call('DEL', liveKey) end
end
local id = tostring(redis.call('INCR', P .. 'seq'))
redis.call('HSET', P .. 'token:' .. id, 'userId', userId, 'nonce', nonce, 'hash', hash, 'status', 'WAITING',
  'endedReason', '', 'lastSeenAt', now, 'activatedAt', '', 'expiresAt', idleExpiresAt)
redis.call('SET', P .. 'hash:' .. hash, id)
redis.call('SET', liveKey, id)
redis.call('ZADD', P .. 'waiting', id, id)
redis.call('ZADD', P .. 'idle', idleExpiresAt, id)
return {1, fieldsWithRank(id)}
`;

/** ARGV: prefix, hash → fields + rank, or nil */
export const FIND_BY_HASH = `${COMMON}
local id = redis.call('GET', P .. 'hash:' .. ARGV[2])
if not id then return false end
return fieldsWithRank(id)
`;

/** ARGV: prefix, id, now, idleExpiresAt */
export const REFRESH_IDLE = `${COMMON}
local id, now, idleExpiresAt = ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
local key = P .. 'token:' .. id
if redis.call('HGET', key, 'status') ~= 'WAITING' then return 0 end
if tonumber(redis.call('HGET', key, 'expiresAt')) <= now then return 0 end
redis.call('HSET', key, 'lastSeenAt', now, 'expiresAt', idleExpiresAt)
redis.call('ZADD', P .. 'idle', idleExpiresAt, id)
return 1
`;

/** ARGV: prefix, now, maxActive, activeTtlMs → {admitted, expiredActive, droppedIdle} */
export const ADMIT = `${COMMON}
local now, maxActive, ttl = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local expired = 0
for _, id in ipairs(redis.call('ZRANGEBYSCORE', P .. 'active', '-inf', now)) do
  expired = expired + expireToken(id, 'TTL', now)
end
local dropped = 0
for _, id in ipairs(redis.call('ZRANGEBYSCORE', P .. 'idle', '-inf', now, 'LIMIT', 0, 5000)) do
  dropped = dropped + expireToken(id, 'IDLE', now)
end
local admitted = 0
local slots = maxActive - redis.call('ZCARD', P .. 'active')
if slots > 0 then
  local activeUntil = now + ttl
  for _, id in ipairs(redis.call('ZRANGE', P .. 'waiting', 0, slots - 1)) do
    redis.call('ZREM', P .. 'waiting', id)
    redis.call('ZREM', P .. 'idle', id)
    redis.call('HSET', P .. 'token:' .. id, 'status', 'ACTIVE', 'activatedAt', now, 'expiresAt', activeUntil)
    redis.call('ZADD', P .. 'active', activeUntil, id)
    admitted = admitted + 1
  end
  if admitted > 0 then
    redis.call('ZADD', P .. 'admissions', now, redis.call('INCR', P .. 'admission_seq') .. ':' .. admitted)
  end
end
redis.call('ZREMRANGEBYSCORE', P .. 'admissions', '-inf', now - 3600000)
return {admitted, expired, dropped}
`;

/** ARGV: prefix, id, reason, now → 1 when it was live */
export const EXPIRE = `${COMMON}
return expireToken(ARGV[2], ARGV[3], tonumber(ARGV[4]))
`;
