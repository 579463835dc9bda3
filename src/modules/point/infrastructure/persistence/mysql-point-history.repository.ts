import { Injectable } from '@nestjs/common';
import { LessThan } from 'typeorm';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Sql } from '../../../../shared/infrastructure/sql.js';
import type { PointHistoryEntry } from '../../domain/point-history.js';
import { PointHistoryRepository } from '../../domain/point-history.repository.js';
import type { PointChange } from '../../domain/point-wallet.js';
import { PointMapper } from './point.mapper.js';
import { PointHistoryOrmEntity } from './point.orm-entity.js';

@Injectable()
export class MySqlPointHistoryRepository extends PointHistoryRepository {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly sql: Sql,
  ) {
    super();
  }

  async append(userId: string, change: PointChange, now: Date): Promise<void> {
    await this.sql.query(
      'INSERT INTO point_history (user_id, type, amount, balance_after, created_at) VALUES (?, ?, ?, ?, ?)',
      [userId, change.type, change.amount, change.balanceAfter, now],
    );
  }

  async listNewestFirst(userId: string, limit: number, beforeId: number | null): Promise<PointHistoryEntry[]> {
    // ix_point_history_user_id (user_id, id) serves both the filter and the order.
    const rows = await this.txHost.tx.getRepository(PointHistoryOrmEntity).find({
      where: beforeId === null ? { userId } : { userId, id: LessThan(String(beforeId)) },
      order: { id: 'DESC' },
      take: limit,
    });
    return rows.map((row) => PointMapper.toEntry(row));
  }
}
