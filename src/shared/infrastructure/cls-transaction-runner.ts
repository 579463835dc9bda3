import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { type TransactionOptions, TransactionRunner } from '../domain/transaction-runner.js';
import { isDeadlock } from './mysql.js';

/** How often a transaction InnoDB chose as a deadlock victim is run again. */
const DEADLOCK_ATTEMPTS = 4;

/**
 * TransactionRunner on @nestjs-cls/transactional: the transaction propagates implicitly (AsyncLocalStorage), so every
 * adapter called inside joins it through Sql or the TransactionHost. A nested call joins the outer transaction.
 */
@Injectable()
export class ClsTransactionRunner extends TransactionRunner {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  async run<T>(work: () => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    if (this.txHost.isTransactionActive()) return work();
    const { isolation } = options;
    for (let attempt = 1; ; attempt++) {
      try {
        return await (isolation
          ? this.txHost.withTransaction({ isolationLevel: isolation }, work)
          : this.txHost.withTransaction(work));
      } catch (error) {
        // InnoDB rolled the whole transaction back to break a deadlock: running it again is safe.
        if (!isDeadlock(error) || attempt >= DEADLOCK_ATTEMPTS) throw error;
      }
    }
  }
}
