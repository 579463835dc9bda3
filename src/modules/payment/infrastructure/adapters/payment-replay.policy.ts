import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Clock } from '../../../../shared/domain/clock.js';
import { type ReplayCandidate, type TokenReplayPolicy, TokenReplayRegistry } from '../../../queue/index.js';
import { paymentRequestHash } from '../../application/request-fingerprint.js';
import { isIdempotencyKey } from '../../domain/idempotency-key.js';
import { IdempotencyRepository } from '../../domain/payment.ports.js';

function reservationIdOf(body: unknown): number | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const keys = Object.keys(body);
  const id = (body as { reservationId?: unknown }).reservationId;
  return keys.length === 1 && keys[0] === 'reservationId' && Number.isInteger(id) && (id as number) >= 1
    ? (id as number)
    : null;
}

/**
 * Lets the token a payment expired through the guard only to replay that payment: same user, same token, a stored
 * key and the same body (anything else with that token stays 401). A WAITING token of the same user may replay any of
 * the user's stored payments (same key and body): the stored response comes back and the token is left as it is.
 */
@Injectable()
export class PaymentReplayPolicy implements TokenReplayPolicy, OnModuleInit {
  constructor(
    private readonly registry: TokenReplayRegistry,
    private readonly idempotency: IdempotencyRepository,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async isReplay(candidate: ReplayCandidate): Promise<boolean> {
    const key = candidate.headers['idempotency-key'];
    const reservationId = reservationIdOf(candidate.body);
    if (!isIdempotencyKey(key) || reservationId === null) return false;
    const record = await this.idempotency.find(candidate.userId, key, this.clock.now());
    if (!record) return false;
    const requestHash = paymentRequestHash(reservationId);
    return candidate.spentToken
      ? record.isReplayWith(candidate.tokenId, requestHash)
      : record.isSameRequest(requestHash);
  }
}
