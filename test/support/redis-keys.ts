import { Cluster, type Redis } from 'ioredis';

/** Deletes every key matching `pattern` (on each master of a cluster); for tests and their clean-up only. */
export async function deleteKeysMatching(redis: Redis | Cluster, pattern: string): Promise<void> {
  const nodes = redis instanceof Cluster ? redis.nodes('master') : [redis];
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      // One DEL per key: keys of a cluster may sit in different slots.
      for (const key of keys) await node.del(key);
      cursor = next;
    } while (cursor !== '0');
  }
}
