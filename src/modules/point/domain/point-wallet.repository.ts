import type { PointWallet } from './point-wallet.js';

/**
 * The balances. Each change is one guarded UPDATE, so the database decides races; each joins the
 * caller's transaction and keeps the wallet row locked until that transaction ends.
 */
export abstract class PointWalletRepository {
  /** The user's wallet; an empty one for a user who never charged. */
  abstract find(userId: string): Promise<PointWallet>;
  /** Adds `amount` only while the balance is at most `ceiling`, creating the wallet if needed; the balance after, or null when refused. */
  abstract credit(userId: string, amount: number, ceiling: number, now: Date): Promise<number | null>;
  /** Subtracts `amount` only while the balance is at least `floor`; the balance after, or null when refused or there is no wallet. */
  abstract debit(userId: string, amount: number, floor: number, now: Date): Promise<number | null>;
}
