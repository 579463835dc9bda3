// CPU accounting from Linux /proc: who burns the machine's CPU during a burst — the process under test, the database
// server, Redis, this load generator, or anything else running on the machine — and each burst's time window on the
// monotonic clock that V8 stamps .cpuprofile samples with (for profile-summary.mjs).
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

const CLK_TCK_MS = 10; // USER_HZ is 100 on Linux
const servers = { db: null, redis: null };
const windows = [];

export const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

/** user + system CPU milliseconds of a process so far, or null when it cannot be read. */
function procCpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * CLK_TCK_MS;
  } catch {
    return null;
  }
}

const isLocal = (host) => ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host);

/** Inodes of the sockets listening on TCP `port` (/proc/net/tcp and tcp6; state 0A is LISTEN). */
function listeningInodes(port) {
  const inodes = new Set();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    try {
      for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
        const fields = line.trim().split(/\s+/);
        if (fields.length > 9 && fields[3] === '0A' && parseInt(fields[1].split(':')[1], 16) === port) {
          inodes.add(fields[9]);
        }
      }
    } catch {
      // no such table
    }
  }
  return inodes;
}

/**
 * The pid of the local server listening on `port` (by its socket, not its name: a test may run a second
 * redis-server of its own), or null.
 */
function findPid(host, port) {
  if (!isLocal(host)) return null;
  const inodes = listeningInodes(port);
  if (!inodes.size) return null;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      for (const fd of readdirSync(`/proc/${entry}/fd`)) {
        const link = /^socket:\[(\d+)\]$/.exec(safeReadlink(`/proc/${entry}/fd/${fd}`));
        if (link && inodes.has(link[1])) return Number(entry);
      }
    } catch {
      // gone, or not ours to read
    }
  }
  return null;
}

function safeReadlink(path) {
  try {
    return readlinkSync(path);
  } catch {
    return '';
  }
}

/** Finds the local database and Redis server processes once, for every later snapshot. */
export function watchServers({ dbHost, dbPort, redisHost, redisPort }) {
  servers.db = findPid(dbHost, dbPort);
  servers.redis = findPid(redisHost, redisPort);
  return { ...servers };
}

/** A process's resident memory (VmRSS, bytes) from /proc/<pid>/status, or null. */
export function rssBytes(pid) {
  try {
    const kib = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib ? Number(kib) * 1024 : null;
  } catch {
    return null;
  }
}

function snapshot(appPid) {
  let busy = null;
  let total = null;
  try {
    const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0].trim().split(/\s+/).map(Number);
    total = ticks.slice(0, 8).reduce((a, b) => a + b, 0) * CLK_TCK_MS;
    busy = total - (ticks[3] + ticks[4]) * CLK_TCK_MS;
  } catch {
    // not Linux
  }
  const client = process.cpuUsage();
  return {
    app: appPid ? procCpuMs(appPid) : null,
    db: servers.db ? procCpuMs(servers.db) : null,
    redis: servers.redis ? procCpuMs(servers.redis) : null,
    client: (client.user + client.system) / 1000,
    busy,
    total,
    us: monotonicUs(),
  };
}

/** CPU milliseconds per request spent by each party between two snapshots, and how busy the machine was. */
function perRequest(before, after, requests) {
  const delta = (key) => (before[key] === null || after[key] === null ? null : after[key] - before[key]);
  const per = (ms) => (ms === null || !requests ? null : ms / requests);
  const app = delta('app');
  const db = delta('db');
  const redis = delta('redis');
  const client = delta('client');
  const busy = delta('busy');
  const others = busy === null || app === null ? null : busy - app - (db ?? 0) - (redis ?? 0) - client;
  return {
    app: per(app),
    db: per(db),
    redis: per(redis),
    client: per(client),
    others: per(others === null ? null : Math.max(0, others)),
    machineBusy: busy === null || !delta('total') ? null : busy / delta('total'),
  };
}

/**
 * Starts measuring a burst against the process `appPid`. `end()` closes the window (the first call counts; autocannon
 * resolves up to its 1 s sampling tick after the last response); `perRequest(key, requests)` closes it if still open,
 * gives the CPU per request and records the window under `key` (none for a warm-up, whose key is null).
 */
export function startCpu(appPid) {
  const before = snapshot(appPid);
  let after = null;
  const end = () => {
    after ??= snapshot(appPid);
  };
  return {
    end,
    perRequest(key, requests) {
      end();
      if (key) windows.push({ key, startUs: before.us, endUs: after.us });
      return perRequest(before, after, requests);
    },
  };
}

/** Every measured burst's window so far ({key, startUs, endUs}), for bench/out/windows.json. */
export const burstWindows = () => windows;
