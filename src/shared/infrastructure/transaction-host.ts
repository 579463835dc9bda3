import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, QueryFailedError } from 'typeorm';
import { type TransactionOptions, TransactionRunner } from '../domain/transaction-runner.js';
import { isDeadlock } from './mysql.js';

const DEADLOCK_ATTEMPTS = 4;

/** What TransactionHost uses of TypeORM's MySQL driver and query runner, and of a mysql2 pooled connection. */
interface PooledConnection {
  query(sql: string, values: unknown[] | undefined, done: (error: Error | null, result: unknown) => void): void;
  release(): void;
}
interface PoolDriver {
  obtainMasterConnection(): Promise<PooledConnection>;
}
interface ConnectedQueryRunner {
  databaseConnection: PooledConnection;
}

/** One raw query on a mysql2 connection, with TypeORM's results and errors (QueryFailedError). */
function directQuery(connection: PooledConnection, sql: string, parameters?: unknown[]): Promise<unknown> {
  return new Promise((resolve, reject) =>
    connection.query(sql, parameters, (error, result) =>
      error ? reject(new QueryFailedError(sql, parameters, error)) : resolve(result),
    ),
  );
}

/** The manager with query() going straight to the connection; every other method stays TypeORM's. */
function withDirectQuery(manager: EntityManager, query: (sql: string, parameters?: unknown[]) => Promise<unknown>) {
  return Object.create(manager, { query: { value: query } }) as EntityManager;
}

/**
 * Implicit transaction propagation over AsyncLocalStorage: the same idea as @nestjs-cls/transactional,
 * which cannot load under Jest's ESM mode on Node 20 (it is CommonJS and requires the ESM-only Nest 12).
 */
@Injectable()
export class TransactionHost extends TransactionRunner {
  private readonly storage = new AsyncLocalStorage<EntityManager>();

  /** The pool's entity manager, with query() going straight to a pooled connection (see poolQuery). */
  private readonly poolManager: EntityManager;

  constructor(private readonly dataSource: DataSource) {
    super();
    this.poolManager = withDirectQuery(dataSource.manager, (sql, parameters) => this.poolQuery(sql, parameters));
  }

  /** The entity manager of the current transaction, or the pool's when there is none. */
  get tx(): EntityManager {
    return this.storage.getStore() ?? this.poolManager;
  }

  get inTransaction(): boolean {
    return this.storage.getStore() !== undefined;
  }

  async run<T>(work: () => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    if (this.inTransaction) return work();
    const inTransaction = (manager: EntityManager) => {
      // The transaction's connection, taken by START TRANSACTION (see poolQuery for why queries skip TypeORM).
      const { databaseConnection } = manager.queryRunner as unknown as ConnectedQueryRunner;
      const direct = withDirectQuery(manager, (sql, parameters) => directQuery(databaseConnection, sql, parameters));
      return this.storage.run(direct, work);
    };
    for (let attempt = 1; ; attempt++) {
      try {
        return await (options.isolation
          ? this.dataSource.transaction(options.isolation, inTransaction)
          : this.dataSource.transaction(inTransaction));
      } catch (error) {
        // InnoDB rolled the whole transaction back to break a deadlock: running it again is safe.
        if (!isDeadlock(error) || attempt >= DEADLOCK_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * A raw query outside a transaction, on a pooled connection: the same results and errors (QueryFailedError) as
   * EntityManager.query, without the QueryRunner, event broadcasts and promise wrapper TypeORM builds per call
   * (a require() and an EventEmitter each time). Most requests' reads go this way (guard, poll, seat list);
   * transactions' raw queries go the same way on the transaction's connection.
   */
  private async poolQuery(sql: string, parameters?: unknown[]): Promise<unknown> {
    const connection = await (this.dataSource.driver as unknown as PoolDriver).obtainMasterConnection();
    try {
      return await directQuery(connection, sql, parameters);
    } finally {
      connection.release();
    }
  }
}
