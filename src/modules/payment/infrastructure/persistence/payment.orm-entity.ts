import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'payment' })
export class PaymentOrmEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id: number;

  @Column({ name: 'user_id', type: 'char', length: 36 })
  userId: string;

  @Column({ name: 'reservation_id', type: 'int', unsigned: true, unique: true })
  reservationId: number;

  @Column({ type: 'int', unsigned: true })
  amount: number;

  @Column({ type: 'varchar', length: 10 })
  status: 'COMPLETED';

  @Column({ name: 'paid_at', type: 'datetime', precision: 3 })
  paidAt: Date;
}

@Entity({ name: 'payment_idempotency' })
export class PaymentIdempotencyOrmEntity {
  @PrimaryColumn({ name: 'user_id', type: 'char', length: 36 })
  userId: string;

  @PrimaryColumn({ name: 'idempotency_key', type: 'varchar', length: 64 })
  key: string;

  @Column({ name: 'request_hash', type: 'binary', length: 32 })
  requestHash: Buffer;

  @Column({ name: 'token_id', type: 'bigint', unsigned: true })
  tokenId: string;

  /** The receipt as JSON; NULL only inside the transaction that claimed the key. */
  @Column({ type: 'text', nullable: true })
  response: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'datetime', precision: 3 })
  expiresAt: Date;
}
