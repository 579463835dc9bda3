import { createHmac, hash, randomBytes } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../../config/app-config.js';
import { TokenCodec } from '../domain/token-codec.js';

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/**
 * token = base64url(HMAC-SHA256(secret, 128-bit random nonce)); the table keeps the nonce and
 * SHA-256(token), so a leaked queue_token table yields no usable token, while a re-issue can hand
 * the same token back. The secret is QUEUE_TOKEN_SECRET, or one generated once and kept in queue_secret.
 */
@Injectable()
export class HmacTokenCodec extends TokenCodec implements OnModuleInit {
  private secret: Buffer | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
  ) {
    super();
  }

  async onModuleInit(): Promise<void> {
    if (this.config.queue.tokenSecret !== null) {
      this.secret = Buffer.from(this.config.queue.tokenSecret, 'utf8');
      return;
    }
    // INSERT IGNORE: the first instance to start picks the secret, every other one reads it.
    await this.dataSource.query('INSERT IGNORE INTO queue_secret (id, secret) VALUES (1, ?)', [randomBytes(32)]);
    const [row]: { secret: Buffer }[] = await this.dataSource.query('SELECT secret FROM queue_secret WHERE id = 1');
    this.secret = row.secret;
  }

  newNonce(): Uint8Array {
    return randomBytes(16);
  }

  tokenOf(nonce: Uint8Array): string {
    if (!this.secret) throw new Error('HmacTokenCodec used before its secret was loaded');
    return createHmac('sha256', this.secret).update(nonce).digest('base64url');
  }

  hashOf(token: string): Uint8Array | null {
    // The one-shot hash: no Hash object per request (the guard hashes every token it sees).
    return TOKEN_SHAPE.test(token) ? hash('sha256', token, 'buffer') : null;
  }
}
