import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { createPool, type Pool } from 'mysql2';
import { AppConfig } from '../../config/app-config.js';

/** The connections SQL outside a transaction may use at once. */
export const SQL_POOL_SIZE = 20;

/**
 * Raw SQL for the persistence adapters. Inside a transaction it runs on that transaction's connection, through
 * the TypeORM EntityManager that @nestjs-cls/transactional propagates; outside one it goes straight to a mysql2
 * pool of its own. That pool is a bulkhead: transactions waiting on a row lock (the holds of a hot seat) can hold
 * every connection of TypeORM's pool, and the reads outside transactions (a hold's seat read, the database store's
 * token lookups and polls) must not queue behind them; with one pool the hold-race spec never finished. (It was
 * first kept for speed; on TypeORM 1.x an A/B found no difference, docs/benchmarks.md.) Results are mysql2's in both
 * cases: rows for SELECT, { affectedRows, insertId } for writes.
 */
@Injectable()
export class Sql implements OnApplicationShutdown {
  private readonly pool: Pool;

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    config: AppConfig,
  ) {
    const { db } = config;
    // The same session settings as TypeORM's pool (typeorm-options.ts), so both return the same values.
    this.pool = createPool({
      host: db.host,
      port: db.port,
      user: db.username,
      password: db.password,
      database: db.database,
      timezone: 'Z',
      dateStrings: ['DATE'],
      charset: 'utf8mb4_unicode_ci',
      supportBigNumbers: true,
      bigNumberStrings: true,
      connectionLimit: SQL_POOL_SIZE,
      maxIdle: SQL_POOL_SIZE,
      enableKeepAlive: true,
      // mysql2 otherwise captures a stack trace per query (6 % of the app's CPU on a poll, bench profile).
      trace: false,
    });
  }

  query<T>(sql: string, parameters?: unknown[]): Promise<T> {
    if (this.txHost.isTransactionActive()) return this.txHost.tx.query<T>(sql, parameters);
    return new Promise<T>((resolve, reject) =>
      this.pool.query(sql, parameters, (error, result) => (error ? reject(error) : resolve(result as T))),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await new Promise<void>((resolve) => this.pool.end(() => resolve()));
  }
}
