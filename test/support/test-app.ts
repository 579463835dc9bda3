import { Test } from '@nestjs/testing';
import { Cluster, Redis } from 'ioredis';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module.js';
import { configureApp, createFastifyAdapter } from '../../src/bootstrap.js';
import { AppConfig } from '../../src/config/app-config.js';
import { LogDestination } from '../../src/observability/logging.js';
import { ActiveTokenCache } from '../../src/modules/queue/application/active-token-cache.js';
import { queueKeys } from '../../src/modules/queue/infrastructure/redis/redis-queue.store.js';
import { RedisConnection } from '../../src/redis/redis-connection.js';
import { deleteKeysMatching } from './redis-keys.js';
import { Clock } from '../../src/shared/domain/clock.js';
import { HttpClient } from './http-client.js';
import { TestClock } from './test-clock.js';
import { dropTestDatabase, testConfig } from './test-database.js';

export interface TestApp {
  readonly app: NestFastifyApplication;
  readonly config: AppConfig;
  readonly clock: TestClock;
  readonly db: DataSource;
  readonly http: HttpClient;
  get<T>(token: abstract new (...args: never[]) => T): T;
  /** Stops the app; drops its database unless another app still shares it. */
  close(options?: { keepDatabase?: boolean }): Promise<void>;
}

/** Empties the queue of this app's database (and its rate-limit counts), in whichever store it lives. */
export async function clearQueue(app: NestFastifyApplication): Promise<void> {
  const config = app.get(AppConfig);
  app.get(ActiveTokenCache).clear();
  const redis = app.get(RedisConnection).client;
  if (redis) {
    await redis.del(...queueKeys(config.db.database));
    await deleteKeysMatching(redis, `${config.db.database}:rate:*`);
    return;
  }
  const db = app.get(DataSource);
  for (const table of ['queue_token', 'queue_bucket', 'queue_admission', 'queue_stats', 'queue_revocation']) {
    await db.query(`DELETE FROM ${table}`);
  }
  await db.query('UPDATE queue_settings SET max_active = NULL, paused = 0');
}

/** Deletes what an app kept in Redis (its line and its rate-limit counts), through a client of its own. */
async function deleteRedisKeysOf(config: AppConfig): Promise<void> {
  if (config.queue.store !== 'redis') return;
  const nodes = config.redis.clusterNodes;
  const redis = nodes ? new Cluster([...nodes]) : new Redis(config.redis.url);
  try {
    await redis.del(...queueKeys(config.db.database));
    await deleteKeysMatching(redis, `${config.db.database}:rate:*`);
  } finally {
    redis.disconnect();
  }
}

/**
 * Starts the whole app on a fresh database (created and migrated on start) and a random port.
 * Pass `config` to start a second instance on the same database.
 * Pass `logDestination` (with env LOG_LEVEL) to capture the JSON log lines; pino keeps the logger of the
 * first app started in a test file, so capture logs with the file's first app.
 */
export async function startTestApp(
  options: { env?: Record<string, string>; config?: AppConfig; logDestination?: LogDestination } = {},
): Promise<TestApp> {
  const config = options.config ?? testConfig(options.env);
  const clock = new TestClock();
  let builder = Test.createTestingModule({ imports: [AppModule.forRoot(config)] })
    .overrideProvider(Clock)
    .useValue(clock);
  if (options.logDestination) builder = builder.overrideProvider(LogDestination).useValue(options.logDestination);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createFastifyAdapter(config.trustProxy), {
    logger: false,
  });
  await configureApp(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    app,
    config,
    clock,
    db: app.get(DataSource),
    http: new HttpClient(`http://127.0.0.1:${port}`),
    get: (token) => app.get(token),
    close: async ({ keepDatabase = false } = {}) => {
      // Stopped first: a tick still running would recreate what the clean-up deletes (or deadlock with it).
      await app.close();
      if (keepDatabase) return;
      await deleteRedisKeysOf(config);
      await dropTestDatabase(config.db);
    },
  };
}
