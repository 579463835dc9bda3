import { Injectable } from '@nestjs/common';
import { UsePointsUseCase } from './use-points.use-case.js';

/** What other modules (payment) may ask of points. */
@Injectable()
export class PointFacade {
  constructor(private readonly usePoints: UsePointsUseCase) {}

  /**
   * Deducts `amount` and records a USE entry, inside the caller's transaction (so a rollback there undoes
   * both). Throws INSUFFICIENT_BALANCE and changes nothing when the balance is below `amount`.
   */
  async use(userId: string, amount: number): Promise<{ balance: number }> {
    const wallet = await this.usePoints.execute({ userId, amount });
    return { balance: wallet.balance };
  }
}
