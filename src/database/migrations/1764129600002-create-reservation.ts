import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Holds and their outcome. The seat's availability itself lives on the seat row (Concert module). */
export class CreateReservation1764129600002 implements MigrationInterface {
  name = 'CreateReservation1764129600002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE reservation (
        id INT UNSIGNED NOT NULL AUTO_INCREMENT,
        user_id CHAR(36) NOT NULL,
        seat_id INT UNSIGNED NOT NULL,
        concert_id INT UNSIGNED NOT NULL,
        date DATE NOT NULL,
        seat_number SMALLINT UNSIGNED NOT NULL,
        price INT UNSIGNED NOT NULL,
        status VARCHAR(10) NOT NULL,
        held_until DATETIME(3) NOT NULL,
        created_at DATETIME(3) NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        KEY ix_reservation_user_status (user_id, status),
        KEY ix_reservation_status_held_until (status, held_until)
      ) ENGINE=InnoDB`);
    // One row per user, locked FOR UPDATE while a hold is placed: serialises one user's holds only.
    await queryRunner.query(`
      CREATE TABLE reservation_user_lock (
        user_id CHAR(36) NOT NULL,
        PRIMARY KEY (user_id)
      ) ENGINE=InnoDB`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE reservation_user_lock');
    await queryRunner.query('DROP TABLE reservation');
  }
}
