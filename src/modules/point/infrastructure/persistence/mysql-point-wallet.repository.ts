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
      `UPDATE point_wallet SET balance = balance + ?, updated_at = ? WHERE user_id = ? AND balance <= ?`,
      [amount, now, userId, ceiling],
      userId,
    );
  }

  debit(userId: string, amount: number, floor: number, now: Date): Promise<number | null> {
    return this.change(
      `UPDATE point_wallet SET balance = balance - ?, updated_at = ? WHERE user_id = ? AND balance >= ?`,
      [amount, now, userId, floor],
      userId,
    );
  }

  private async change(sql: string, params: unknown[], userId: string): Promise<number | null> {
    const result: WriteResult = await this.sql.query(sql, params);
    if (result.affectedRows !== 1) return null;
    // Our UPDATE holds the row lock until commit, so this is the balance our change produced.
    const rows: { balance: number | string }[] = await this.sql.query(
      'SELECT balance FROM point_wallet WHERE user_id = ? FOR UPDATE',
      [userId],
    );
    return Number(rows[0].balance);
  }
}
