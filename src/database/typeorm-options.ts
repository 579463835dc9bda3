import type { TypeOrmModuleOptions } from '@nestjs/typeorm';
import type { AppConfig } from '../config/app-config.js';
import { MIGRATIONS } from './migrations/index.js';

export function typeOrmOptions(config: AppConfig): TypeOrmModuleOptions {
  return {
    type: config.db.type,
    host: config.db.host,
    port: config.db.port,
    username: config.db.username,
    password: config.db.password,
    database: config.db.database,
    timezone: 'Z',
    dateStrings: ['DATE'],
    charset: 'utf8mb4_unicode_ci',
    autoLoadEntities: true,
    synchronize: false,
    migrations: MIGRATIONS,
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    poolSize: 20,
    // trace: false — mysql2 otherwise captures a stack trace per query (6 % of the app's CPU on GET /queue/status,
    // bench/profile-summary.mjs); QueryFailedError keeps its own stack with the async callers.
    extra: { connectionLimit: 20, maxIdle: 20, enableKeepAlive: true, trace: false },
    retryAttempts: 3,
    retryDelay: 1000,
    // Failed queries are not logged here: expected ones (a lost unique-key race) are handled, others reach the filter's log.
    logging: ['warn', 'migration'],
  };
}
