import type { PointChange } from './point-wallet.js';

/** A ledger entry. Ids grow in commit order per user (see PointHistoryRepository). */
export interface PointHistoryEntry extends PointChange {
  readonly id: number;
  readonly createdAt: Date;
}
