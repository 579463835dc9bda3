import { Injectable } from '@nestjs/common';
import type { PointWallet } from '../domain/point-wallet.js';
import { PointWalletRepository } from '../domain/point-wallet.repository.js';

@Injectable()
export class GetPointBalanceUseCase {
  constructor(private readonly wallets: PointWalletRepository) {}

  /** The wallet; balance 0 for a user who never charged. */
  execute(userId: string): Promise<PointWallet> {
    return this.wallets.find(userId);
  }
}
