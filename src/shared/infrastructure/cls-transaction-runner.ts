import { AsyncLocalStorage } from 'node:async_hooks';
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
  /** The after-commit effects of the transaction an async context runs in. */
  private readonly effects = new AsyncLocalStorage<(() => void)[]>();

  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  async run<T>(work: () => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    if (this.txHost.isTransactionActive()) return work();
    const { isolation } = options;
    for (let attempt = 1; ; attempt++) {
      // A fresh list per attempt: the effects of an attempt that rolled back are dropped with it.
      const effects: (() => void)[] = [];
      try {
        const result = await this.effects.run(effects, () =>
          isolation
            ? this.txHost.withTransaction({ isolationLevel: isolation }, work)
            : this.txHost.withTransaction(work),
        );
        for (const effect of effects) effect();
        return result;
      } catch (error) {
        // InnoDB rolled the whole transaction back to break a deadlock: running it again is safe.
        if (!isDeadlock(error) || attempt >= DEADLOCK_ATTEMPTS) throw error;
      }
    }
  }

  afterCommit(effect: () => void): void {
    const effects = this.effects.getStore();
    if (effects && this.txHost.isTransactionActive()) effects.push(effect);
    else effect();
  }
}
