import { Injectable } from '@nestjs/common';
import type { WriteResult } from '../../../../shared/infrastructure/mysql.js';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Sql } from '../../../../shared/infrastructure/sql.js';
import { PointWallet } from '../../domain/point-wallet.js';
import { PointWalletRepository } from '../../domain/point-wallet.repository.js';
import { PointMapper } from './point.mapper.js';
import { PointWalletOrmEntity } from './point.orm-entity.js';

@Injectable()
export class MySqlPointWalletRepository extends PointWalletRepository {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly sql: Sql,
  ) {
    super();
  }

  async find(userId: string): Promise<PointWallet> {
    const row = await this.txHost.tx.getRepository(PointWalletOrmEntity).findOne({ where: { userId } });
    return row ? PointMapper.toWallet(row) : PointWallet.empty(userId);
  }

  async credit(userId: string, amount: number, ceiling: number, now: Date): Promise<number | null> {
    // Creates the wallet or, when it exists, takes its row lock at once (an exclusive lock, unlike INSERT IGNORE's
    // shared one, so concurrent charges queue on the row instead of deadlocking when they upgrade it).
    await this.sql.query(
      `INSERT INTO point_wallet (user_id, balance, updated_at) VALUES (?, 0, ?)
       ON DUPLICATE KEY UPDATE user_id = user_id`,
      [userId, now],
    );
    return this.change(
      `UPDATE point_wallet SET balance = LAST_INSERT_ID(balance + ?), updated_at = ? WHERE user_id = ? AND balance <= ?`,
      [amount, now, userId, ceiling],
    );
  }

  debit(userId: string, amount: number, floor: number, now: Date): Promise<number | null> {
    return this.change(
      `UPDATE point_wallet SET balance = LAST_INSERT_ID(balance - ?), updated_at = ? WHERE user_id = ? AND balance >= ?`,
      [amount, now, userId, floor],
    );
  }

  /**
   * The balance the change produced, or null when its guard refused it. LAST_INSERT_ID(expr) hands the new balance
   * back in the UPDATE's own reply (its insertId), so no second statement reads it.
   */
  private async change(sql: string, params: unknown[]): Promise<number | null> {
    const result: WriteResult = await this.sql.query(sql, params);
    return result.affectedRows === 1 ? Number(result.insertId) : null;
  }
}
