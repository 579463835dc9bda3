import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { type TransactionOptions, TransactionRunner } from '../domain/transaction-runner.js';

const DEADLOCK_ATTEMPTS = 4;

function isDeadlock(error: unknown): boolean {
  const { code, driverError } = error as { code?: unknown; driverError?: { code?: unknown } };
  return code === 'ER_LOCK_DEADLOCK' || driverError?.code === 'ER_LOCK_DEADLOCK';
}

/**
 * Implicit transaction propagation over AsyncLocalStorage: the same idea as @nestjs-cls/transactional,
 * which cannot load under Jest's ESM mode on Node 20 (it is CommonJS and requires the ESM-only Nest 12).
 */
@Injectable()
export class TransactionHost extends TransactionRunner {
  private readonly storage = new AsyncLocalStorage<EntityManager>();

  constructor(private readonly dataSource: DataSource) {
    super();
  }

  /** The entity manager of the current transaction, or the pool's when there is none. */
  get tx(): EntityManager {
    return this.storage.getStore() ?? this.dataSource.manager;
  }

  get inTransaction(): boolean {
    return this.storage.getStore() !== undefined;
  }

  async run<T>(work: () => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    if (this.inTransaction) return work();
    const inTransaction = (manager: EntityManager) => this.storage.run(manager, work);
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
}
