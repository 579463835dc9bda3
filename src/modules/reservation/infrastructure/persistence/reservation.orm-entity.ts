import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ReservationStatus } from '../../domain/reservation.js';

@Entity({ name: 'reservation' })
export class ReservationOrmEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id: number;

  @Column({ name: 'user_id', type: 'char', length: 36 })
  userId: string;

  @Column({ name: 'seat_id', type: 'int', unsigned: true })
  seatId: number;

  @Column({ name: 'concert_id', type: 'int', unsigned: true })
  concertId: number;

  @Column({ type: 'date' })
  date: string;

  @Column({ name: 'seat_number', type: 'smallint', unsigned: true })
  seatNumber: number;

  @Column({ type: 'int', unsigned: true })
  price: number;

  @Column({ type: 'varchar', length: 10 })
  status: ReservationStatus;

  @Column({ name: 'held_until', type: 'datetime', precision: 3 })
  heldUntil: Date;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}
