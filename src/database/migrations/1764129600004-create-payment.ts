import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Payments (at most one per reservation, by a unique key) and the idempotency keys of completed ones. */
export class CreatePayment1764129600004 implements MigrationInterface {
  name = 'CreatePayment1764129600004';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE payment (
        id INT UNSIGNED NOT NULL AUTO_INCREMENT,
        user_id CHAR(36) NOT NULL,
        reservation_id INT UNSIGNED NOT NULL,
        amount INT UNSIGNED NOT NULL,
        status VARCHAR(10) NOT NULL,
        paid_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        UNIQUE KEY uq_payment_reservation (reservation_id),
        KEY ix_payment_user (user_id)
      ) ENGINE=InnoDB`);
    await queryRunner.query(`
      CREATE TABLE payment_idempotency (
        user_id CHAR(36) NOT NULL,
        idempotency_key VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
        request_hash BINARY(32) NOT NULL,
        token_id BIGINT UNSIGNED NOT NULL,
        response TEXT NULL,
        created_at DATETIME(3) NOT NULL,
        expires_at DATETIME(3) NOT NULL,
        PRIMARY KEY (user_id, idempotency_key),
        KEY ix_payment_idempotency_expires (expires_at)
      ) ENGINE=InnoDB`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE payment_idempotency');
    await queryRunner.query('DROP TABLE payment');
  }
}
