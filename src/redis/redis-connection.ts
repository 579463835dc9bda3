import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Cluster, Redis } from 'ioredis';
import { AppConfig } from '../config/app-config.js';

export type RedisClient = Redis | Cluster;

/**
 * The one Redis connection of an instance (QUEUE_STORE=redis): a single server (REDIS_URL) or a Redis Cluster
 * (REDIS_CLUSTER_NODES). The queue store and the shared rate-limit counts use it.
 * While Redis is away commands fail at once (answered 503) rather than queue up in memory, and the client reconnects
 * on its own. Commands issued in the same tick go out in one write (auto-pipelining): under a crowd that is most of
 * what a request costs.
 */
@Injectable()
export class RedisConnection implements OnModuleInit, OnApplicationShutdown {
  /** null when this instance keeps nothing in Redis (QUEUE_STORE=database). */
  readonly client: RedisClient | null;
  private readonly logger = new Logger(RedisConnection.name);

  constructor(config: AppConfig) {
    this.client = config.queue.store === 'redis' ? RedisConnection.connect(config.redis) : null;
    if (!this.client) return;
    let down = false;
    this.client.on('error', (error: Error) => {
      if (!down) this.logger.warn(`Redis unavailable: ${error.message}`);
      down = true;
    });
    this.client.on('ready', () => (down = false));
  }

  private static connect(redis: AppConfig['redis']): RedisClient {
    const common = { lazyConnect: true, enableOfflineQueue: false, enableAutoPipelining: true } as const;
    if (redis.clusterNodes) {
      return new Cluster([...redis.clusterNodes], {
        ...common,
        // A command for a slot whose master just failed is retried on the new master once the cluster says so.
        retryDelayOnFailover: 200,
        retryDelayOnClusterDown: 200,
        redisOptions: { maxRetriesPerRequest: 1 },
      });
    }
    return new Redis(redis.url, { ...common, maxRetriesPerRequest: 1 });
  }

  /** The client; throws when this instance was configured without Redis. */
  get required(): RedisClient {
    if (!this.client) throw new Error('Redis is not configured (QUEUE_STORE=database)');
    return this.client;
  }

  async onModuleInit(): Promise<void> {
    await this.client?.connect();
  }

  /** Resolves when Redis answers (health check). */
  async ping(): Promise<void> {
    await this.required.ping();
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.client) return;
    await this.client.quit().catch(() => this.client?.disconnect());
  }
}
