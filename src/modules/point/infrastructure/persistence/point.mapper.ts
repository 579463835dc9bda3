import type { PointHistoryEntry } from '../../domain/point-history.js';
import { PointWallet } from '../../domain/point-wallet.js';
import type { PointHistoryOrmEntity, PointWalletOrmEntity } from './point.orm-entity.js';

export const PointMapper = {
  toWallet(row: PointWalletOrmEntity): PointWallet {
    return PointWallet.of(row.userId, Number(row.balance));
  },
  toEntry(row: PointHistoryOrmEntity): PointHistoryEntry {
    return {
      id: Number(row.id),
      type: row.type,
      amount: Number(row.amount),
      balanceAfter: Number(row.balanceAfter),
      createdAt: row.createdAt,
    };
  },
};
