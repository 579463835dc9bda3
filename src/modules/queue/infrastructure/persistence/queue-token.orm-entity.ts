import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { QueueEndReason, QueueTokenStatus } from '../../domain/queue-token.js';

@Entity({ name: 'queue_token' })
export class QueueTokenOrmEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id: string;

  @Column({ name: 'token_hash', type: 'binary', length: 32 })
  tokenHash: Buffer;

  @Column({ type: 'binary', length: 16 })
  nonce: Buffer;

  @Column({ name: 'user_id', type: 'char', length: 36 })
  userId: string;

  /** Equal to user_id while the token is live, NULL after: the unique key allows one live token per user. */
  @Column({ name: 'live_user_id', type: 'char', length: 36, nullable: true })
  liveUserId: string | null;

  @Column({ type: 'varchar', length: 10 })
  status: QueueTokenStatus;

  @Column({ name: 'ended_reason', type: 'varchar', length: 10, nullable: true })
  endedReason: QueueEndReason | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'last_seen_at', type: 'datetime', precision: 3 })
  lastSeenAt: Date;

  @Column({ name: 'activated_at', type: 'datetime', precision: 3, nullable: true })
  activatedAt: Date | null;

  @Column({ name: 'expires_at', type: 'datetime', precision: 3 })
  expiresAt: Date;
}
