// What the run ran on: CPU, memory, Node, the database and Redis servers, and how loaded the machine was at start.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { databaseServerInfo } from './db.mjs';

function cpuModel() {
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    const model = /^model name\s*:\s*(.+)$/m.exec(info)?.[1]?.trim();
    if (model) return model;
  } catch {
    // not Linux
  }
  return os.cpus()[0]?.model?.trim() ?? 'unknown';
}

async function redisServerInfo(redis) {
  const info = await redis.info('server');
  const [, appendonly] = await redis.config('GET', 'appendonly');
  return `Redis ${/redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown'} (appendonly=${appendonly ?? 'unknown'})`;
}

/** {cpu, cores, memoryGiB, node, db, redis, load} of this machine now. */
export async function describeMachine(redis) {
  return {
    cpu: cpuModel(),
    cores: os.cpus().length,
    memoryGiB: os.totalmem() / 2 ** 30,
    node: process.version,
    db: await databaseServerInfo(),
    redis: await redisServerInfo(redis),
    load: os.loadavg(),
  };
}
