import type { PointHistoryEntry } from './point-history.js';
import type { PointChange } from './point-wallet.js';

/**
 * The ledger. An entry is appended in the transaction that changed the balance, while the wallet row
 * is locked, so per user the ids grow in commit order.
 */
export abstract class PointHistoryRepository {
  abstract append(userId: string, change: PointChange, now: Date): Promise<void>;
  /** Up to `limit` entries of the user, newest first; only ids below `beforeId` when it is given. */
  abstract listNewestFirst(userId: string, limit: number, beforeId: number | null): Promise<PointHistoryEntry[]>;
}
