import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'concert' })
export class ConcertOrmEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id: number;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'varchar', length: 200 })
  venue: string;
}

@Entity({ name: 'seat' })
export class SeatOrmEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id: number;

  @Column({ name: 'concert_date_id', type: 'int', unsigned: true })
  concertDateId: number;

  @Column({ name: 'seat_number', type: 'smallint', unsigned: true })
  seatNumber: number;

  @Column({ type: 'int', unsigned: true })
  price: number;

  @Column({ type: 'varchar', length: 10, default: 'AVAILABLE' })
  status: 'AVAILABLE' | 'HELD' | 'SOLD';

  @Column({ name: 'reservation_id', type: 'int', unsigned: true, nullable: true })
  reservationId: number | null;

  @Column({ name: 'held_until', type: 'datetime', precision: 3, nullable: true })
  heldUntil: Date | null;
}
