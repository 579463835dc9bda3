import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The waiting queue: tokens in FIFO order (by id), per-bucket waiting counts for cheap positions, admissions. */
export class CreateQueue1764129600001 implements MigrationInterface {
  name = 'CreateQueue1764129600001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE queue_token (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        token_hash BINARY(32) NOT NULL,
        nonce BINARY(16) NOT NULL,
        user_id CHAR(36) NOT NULL,
        live_user_id CHAR(36) NULL,
        status VARCHAR(10) NOT NULL,
        ended_reason VARCHAR(10) NULL,
        created_at DATETIME(3) NOT NULL,
        last_seen_at DATETIME(3) NOT NULL,
        activated_at DATETIME(3) NULL,
        expires_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        UNIQUE KEY uq_queue_token_hash (token_hash),
        UNIQUE KEY uq_queue_token_live_user (live_user_id),
        KEY ix_queue_token_status_id (status, id),
        KEY ix_queue_token_status_expires (status, expires_at)
      ) ENGINE=InnoDB`);
    await queryRunner.query(`
      CREATE TABLE queue_bucket (
        bucket INT UNSIGNED NOT NULL,
        shard TINYINT UNSIGNED NOT NULL,
        waiting INT NOT NULL,
        PRIMARY KEY (bucket, shard)
      ) ENGINE=InnoDB`);
    await queryRunner.query(`
      CREATE TABLE queue_admission (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        admitted_at DATETIME(3) NOT NULL,
        admitted INT UNSIGNED NOT NULL,
        PRIMARY KEY (id),
        KEY ix_queue_admission_at (admitted_at)
      ) ENGINE=InnoDB`);
    await queryRunner.query(`CREATE TABLE queue_lock (name VARCHAR(32) NOT NULL, PRIMARY KEY (name)) ENGINE=InnoDB`);
    await queryRunner.query(`INSERT INTO queue_lock (name) VALUES ('admission')`);
    // The HMAC key that turns a token's nonce into its value, when QUEUE_TOKEN_SECRET is not set.
    await queryRunner.query(
      `CREATE TABLE queue_secret (id TINYINT UNSIGNED NOT NULL, secret BINARY(32) NOT NULL, PRIMARY KEY (id)) ENGINE=InnoDB`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['queue_secret', 'queue_lock', 'queue_admission', 'queue_bucket', 'queue_token']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
