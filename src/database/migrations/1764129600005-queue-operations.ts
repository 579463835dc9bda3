import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What running a ticket opening needs of the queue: the operators' settings, the admissions snapshot every instance
 * estimates from, and the revocations (paid, kicked tokens) the instances' token caches follow, in commit order.
 */
export class QueueOperations1764129600005 implements MigrationInterface {
  name = 'QueueOperations1764129600005';

  async up(queryRunner: QueryRunner): Promise<void> {
    // One row; max_active NULL means QUEUE_MAX_ACTIVE.
    await queryRunner.query(`
      CREATE TABLE queue_settings (
        id TINYINT UNSIGNED NOT NULL,
        max_active INT UNSIGNED NULL,
        paused TINYINT(1) NOT NULL DEFAULT 0,
        PRIMARY KEY (id)
      ) ENGINE=InnoDB`);
    await queryRunner.query('INSERT INTO queue_settings (id, max_active, paused) VALUES (1, NULL, 0)');
    // One row, written by every admission tick.
    await queryRunner.query(`
      CREATE TABLE queue_stats (
        id TINYINT UNSIGNED NOT NULL,
        admitted INT UNSIGNED NOT NULL,
        seconds DOUBLE NOT NULL,
        max_active INT UNSIGNED NOT NULL,
        PRIMARY KEY (id)
      ) ENGINE=InnoDB`);
    await queryRunner.query(`
      CREATE TABLE queue_revocation (
        seq BIGINT UNSIGNED NOT NULL,
        token_id BIGINT UNSIGNED NOT NULL,
        revoked_at DATETIME(3) NOT NULL,
        PRIMARY KEY (seq),
        KEY ix_queue_revocation_at (revoked_at)
      ) ENGINE=InnoDB`);
    // The next revocation's seq, taken under this row's lock: seqs become visible in commit order, so a reader
    // that has seen seq n never meets a smaller one later.
    await queryRunner.query(
      'CREATE TABLE queue_revocation_seq (id TINYINT UNSIGNED NOT NULL, seq BIGINT UNSIGNED NOT NULL, PRIMARY KEY (id)) ENGINE=InnoDB',
    );
    await queryRunner.query('INSERT INTO queue_revocation_seq (id, seq) VALUES (1, 0)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['queue_revocation_seq', 'queue_revocation', 'queue_stats', 'queue_settings']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
