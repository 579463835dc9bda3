import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { PointEntryType } from '../../domain/point-wallet.js';

@Entity({ name: 'point_wallet' })
export class PointWalletOrmEntity {
  @PrimaryColumn({ name: 'user_id', type: 'char', length: 36 })
  userId: string;

  @Column({ type: 'int', unsigned: true, default: 0 })
  balance: number;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}

@Entity({ name: 'point_history' })
@Index('ix_point_history_user_id', ['userId', 'id'])
export class PointHistoryOrmEntity {
  /** BIGINT: the driver returns it as a string. */
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id: string;

  @Column({ name: 'user_id', type: 'char', length: 36 })
  userId: string;

  @Column({ type: 'varchar', length: 10 })
  type: PointEntryType;

  @Column({ type: 'int', unsigned: true })
  amount: number;

  @Column({ name: 'balance_after', type: 'int', unsigned: true })
  balanceAfter: number;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}
