import { type PointAmount, type PointLimits } from './point-amount.js';

export type PointEntryType = 'CHARGE' | 'USE';

/** One change of a balance, as the ledger records it. `amount` is always positive. */
export interface PointChange {
  readonly type: PointEntryType;
  readonly amount: number;
  readonly balanceAfter: number;
}

/**
 * A user's balance and its rules: it never passes the cap and never goes below 0. The rules are stated once, as
 * guards on the balance a change may start from; the repository enforces exactly these guards atomically in SQL
 * (`UPDATE … SET balance = balance + ? WHERE balance <= ceiling`), so concurrent changes never read-modify-write.
 */
export class PointWallet {
  private constructor(
    readonly userId: string,
    private readonly current: number,
  ) {}

  static of(userId: string, balance: number): PointWallet {
    if (!Number.isSafeInteger(balance) || balance < 0) throw new Error(`Invalid balance ${balance}`);
    return new PointWallet(userId, balance);
  }

  /** The wallet of a user who never charged. */
  static empty(userId: string): PointWallet {
    return new PointWallet(userId, 0);
  }

  /** The highest balance a charge of `amount` may start from without passing the cap. */
  static chargeCeiling(amount: PointAmount, limits: PointLimits): number {
    return limits.maxBalance - amount.value;
  }

  /** The lowest balance a use of `amount` may start from without going below 0. */
  static useFloor(amount: PointAmount): number {
    return amount.value;
  }

  get balance(): number {
    return this.current;
  }
}
