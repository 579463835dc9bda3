import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config.js';
import { Clock } from '../../../shared/domain/clock.js';
import { TransactionRunner } from '../../../shared/domain/transaction-runner.js';
import { PointAmount } from '../domain/point-amount.js';
import { PointHistoryRepository } from '../domain/point-history.repository.js';
import { PointWallet } from '../domain/point-wallet.js';
import { PointWalletRepository } from '../domain/point-wallet.repository.js';
import { balanceLimitExceeded } from '../domain/point.errors.js';
import { pointLimitsOf } from './point-limits.js';

export interface ChargePointsCommand {
  readonly userId: string;
  readonly amount: number;
}

@Injectable()
export class ChargePointsUseCase {
  constructor(
    private readonly wallets: PointWalletRepository,
    private readonly history: PointHistoryRepository,
    private readonly transaction: TransactionRunner,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** Adds the amount and writes a CHARGE entry in one transaction; 409 BALANCE_LIMIT_EXCEEDED past the cap. */
  async execute(command: ChargePointsCommand): Promise<PointWallet> {
    const limits = pointLimitsOf(this.config);
    const amount = PointAmount.toCharge(command.amount, limits);
    const now = this.clock.now();
    return this.transaction.run(async () => {
      const ceiling = PointWallet.chargeCeiling(amount, limits);
      const balanceAfter = await this.wallets.credit(command.userId, amount.value, ceiling, now);
      if (balanceAfter === null) throw balanceLimitExceeded(amount.value, limits.maxBalance);
      await this.history.append(command.userId, { type: 'CHARGE', amount: amount.value, balanceAfter }, now);
      return PointWallet.of(command.userId, balanceAfter);
    });
  }
}
