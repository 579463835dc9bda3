import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { type AppConfig, parseConfig } from '../../src/config/app-config.js';

/** The safety catch: tests only ever create, migrate and drop databases whose name says "test". */
export function assertTestDatabase(name: string): void {
  if (!/test/i.test(name)) {
    throw new Error(`Refusing to run tests against database "${name}": its name must contain "test"`);
  }
}

export function uniqueTestDatabaseName(): string {
  return `concert_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

/** A valid config for a test run: its own database, no demo data, no background jobs or rate limits unless asked. */
export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  const env: Record<string, string | undefined> = {
    DB_TYPE: process.env.DB_TYPE ?? 'mariadb',
    DB_HOST: process.env.DB_HOST,
    DB_PORT: process.env.DB_PORT,
    DB_USERNAME: process.env.DB_USERNAME,
    DB_PASSWORD: process.env.DB_PASSWORD,
    REDIS_URL: process.env.REDIS_URL,
    DB_DATABASE: uniqueTestDatabaseName(),
    SEED_DEMO_DATA: 'false',
    SCHEDULERS_ENABLED: 'false',
    LOG_LEVEL: 'silent',
    // Tests fire hundreds of requests from one address and token; the rate-limit specs turn the limits on.
    RATE_LIMIT_ISSUE_PER_MINUTE: '0',
    RATE_LIMIT_PER_TOKEN_PER_MINUTE: '0',
    ...overrides,
  };
  const config = parseConfig(env);
  assertTestDatabase(config.db.database);
  return config;
}

export async function dropTestDatabase(db: AppConfig['db']): Promise<void> {
  assertTestDatabase(db.database);
  const connection = await mysql.createConnection({
    host: db.host,
    port: db.port,
    user: db.username,
    password: db.password,
  });
  try {
    await connection.query(`DROP DATABASE IF EXISTS \`${db.database}\``);
  } finally {
    await connection.end();
  }
}
