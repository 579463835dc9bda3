import { Injectable } from '@nestjs/common';
import { Clock } from '../../../shared/domain/clock.js';
import { TransactionRunner } from '../../../shared/domain/transaction-runner.js';
import { PointAmount } from '../domain/point-amount.js';
import { PointHistoryRepository } from '../domain/point-history.repository.js';
import { PointWallet } from '../domain/point-wallet.js';
import { PointWalletRepository } from '../domain/point-wallet.repository.js';
import { insufficientBalance } from '../domain/point.errors.js';

export interface UsePointsCommand {
  readonly userId: string;
  readonly amount: number;
}

@Injectable()
export class UsePointsUseCase {
  constructor(
    private readonly wallets: PointWalletRepository,
    private readonly history: PointHistoryRepository,
    private readonly transaction: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  /**
   * Takes the amount and writes a USE entry, inside the caller's transaction when there is one.
   * 409 INSUFFICIENT_BALANCE (also for a user without a wallet) changes nothing.
   */
  async execute(command: UsePointsCommand): Promise<PointWallet> {
    const amount = PointAmount.of(command.amount);
    const now = this.clock.now();
    return this.transaction.run(async () => {
      const floor = PointWallet.useFloor(amount);
      const balanceAfter = await this.wallets.debit(command.userId, amount.value, floor, now);
      if (balanceAfter === null) throw insufficientBalance(amount.value);
      await this.history.append(command.userId, { type: 'USE', amount: amount.value, balanceAfter }, now);
      return PointWallet.of(command.userId, balanceAfter);
    });
  }
}
