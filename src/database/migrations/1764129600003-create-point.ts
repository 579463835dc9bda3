import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A wallet per user and its ledger; the balance always equals the ledger's sum. */
export class CreatePoint1764129600003 implements MigrationInterface {
  name = 'CreatePoint1764129600003';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE point_wallet (
        user_id CHAR(36) NOT NULL,
        balance INT UNSIGNED NOT NULL DEFAULT 0,
        updated_at DATETIME(3) NOT NULL,
        PRIMARY KEY (user_id)
      ) ENGINE=InnoDB`);
    await queryRunner.query(`
      CREATE TABLE point_history (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        user_id CHAR(36) NOT NULL,
        type VARCHAR(10) NOT NULL,
        amount INT UNSIGNED NOT NULL,
        balance_after INT UNSIGNED NOT NULL,
        created_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        KEY ix_point_history_user_id (user_id, id)
      ) ENGINE=InnoDB`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE point_history');
    await queryRunner.query('DROP TABLE point_wallet');
  }
}
