import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The catalogue (concert → date → seat). A seat row also carries its availability:
 * the Concert module owns it, the Reservation module changes it only through the Concert facade.
 */
export class CreateConcertCatalogue1764129600000 implements MigrationInterface {
  name = 'CreateConcertCatalogue1764129600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE concert (
        id INT UNSIGNED NOT NULL AUTO_INCREMENT,
        title VARCHAR(200) NOT NULL,
        venue VARCHAR(200) NOT NULL,
        PRIMARY KEY (id)
      ) ENGINE=InnoDB`);
    await queryRunner.query(`
      CREATE TABLE concert_date (
        id INT UNSIGNED NOT NULL AUTO_INCREMENT,
        concert_id INT UNSIGNED NOT NULL,
        date DATE NOT NULL,
        PRIMARY KEY (id),
        UNIQUE KEY uq_concert_date (concert_id, date),
        CONSTRAINT fk_concert_date_concert FOREIGN KEY (concert_id) REFERENCES concert (id)
      ) ENGINE=InnoDB`);
    await queryRunner.query(`
      CREATE TABLE seat (
        id INT UNSIGNED NOT NULL AUTO_INCREMENT,
        concert_date_id INT UNSIGNED NOT NULL,
        seat_number SMALLINT UNSIGNED NOT NULL,
        price INT UNSIGNED NOT NULL,
        status VARCHAR(10) NOT NULL DEFAULT 'AVAILABLE',
        reservation_id INT UNSIGNED NULL,
        held_until DATETIME(3) NULL,
        PRIMARY KEY (id),
        UNIQUE KEY uq_seat_date_number (concert_date_id, seat_number),
        KEY ix_seat_reservation (reservation_id),
        CONSTRAINT fk_seat_concert_date FOREIGN KEY (concert_date_id) REFERENCES concert_date (id)
      ) ENGINE=InnoDB`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE seat');
    await queryRunner.query('DROP TABLE concert_date');
    await queryRunner.query('DROP TABLE concert');
  }
}
