import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { TransactionRunner } from '../domain/transaction-runner.js';

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

  run<T>(work: () => Promise<T>): Promise<T> {
    if (this.inTransaction) return work();
    return this.dataSource.transaction((manager) => this.storage.run(manager, work));
  }
}
