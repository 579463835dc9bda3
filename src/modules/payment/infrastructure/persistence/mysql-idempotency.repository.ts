import { Injectable } from '@nestjs/common';
import { isDuplicateKey, type WriteResult } from '../../../../shared/infrastructure/mysql.js';
import { Sql } from '../../../../shared/infrastructure/sql.js';
import { IdempotencyRecord } from '../../domain/idempotency-record.js';
import type { PaymentReceipt } from '../../domain/payment.js';
import { type IdempotencyClaim, IdempotencyRepository, KeyAlreadyClaimed } from '../../domain/payment.ports.js';

/** Expired keys one purge deletes at most; the rest go at the next run. */
const PURGE_BATCH = 1000;

@Injectable()
export class MySqlIdempotencyRepository extends IdempotencyRepository {
  constructor(private readonly sql: Sql) {
    super();
  }

  async find(userId: string, key: string, now: Date): Promise<IdempotencyRecord | null> {
    const rows: { requestHash: Buffer; tokenId: string; response: string | null }[] = await this.sql.query(
      `SELECT request_hash AS requestHash, token_id AS tokenId, response FROM payment_idempotency
        WHERE user_id = ? AND idempotency_key = ? AND expires_at > ? AND response IS NOT NULL`,
      [userId, key, now],
    );
    if (!rows.length || rows[0].response === null) return null;
    const row = rows[0];
    const receipt = JSON.parse(row.response as string) as PaymentReceipt;
    return new IdempotencyRecord(userId, key, row.requestHash.toString('hex'), String(row.tokenId), receipt);
  }

  async claim(claim: IdempotencyClaim): Promise<void> {
    // Insert first: a DELETE of a row that does not exist takes a gap lock, and two payments' gap locks on the
    // same gap deadlocked their inserts (found by the benchmark's journey). Only a taken key reaches the DELETE.
    if (await this.insertClaim(claim)) return;
    // A key past its 24 hours is forgotten, so it may be used again. A plain read first: duplicates in flight
    // (the common case here) would deadlock upgrading their shared locks if each went straight to the DELETE.
    const expired: unknown[] = await this.sql.query(
      'SELECT 1 FROM payment_idempotency WHERE user_id = ? AND idempotency_key = ? AND expires_at <= ?',
      [claim.userId, claim.key, claim.now],
    );
    if (expired.length) {
      await this.sql.query(
        'DELETE FROM payment_idempotency WHERE user_id = ? AND idempotency_key = ? AND expires_at <= ?',
        [claim.userId, claim.key, claim.now],
      );
      if (await this.insertClaim(claim)) return;
    }
    throw new KeyAlreadyClaimed(`Idempotency key already used by user ${claim.userId}`);
  }

  /** False when the key is taken. */
  private async insertClaim(claim: IdempotencyClaim): Promise<boolean> {
    try {
      await this.sql.query(
        `INSERT INTO payment_idempotency (user_id, idempotency_key, request_hash, token_id, response, created_at, expires_at)
         VALUES (?, ?, ?, ?, NULL, ?, ?)`,
        [claim.userId, claim.key, Buffer.from(claim.requestHash, 'hex'), claim.tokenId, claim.now, claim.expiresAt],
      );
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  async complete(userId: string, key: string, receipt: PaymentReceipt): Promise<void> {
    await this.sql.query('UPDATE payment_idempotency SET response = ? WHERE user_id = ? AND idempotency_key = ?', [
      JSON.stringify(receipt),
      userId,
      key,
    ]);
  }

  async purgeExpired(now: Date): Promise<number> {
    const result: WriteResult = await this.sql.query(
      `DELETE FROM payment_idempotency WHERE expires_at <= ? LIMIT ${PURGE_BATCH}`,
      [now],
    );
    return result.affectedRows;
  }
}
