import { Injectable } from '@nestjs/common';
import { Clock } from '../../../shared/domain/clock.js';
import { IdempotencyRepository } from '../domain/payment.ports.js';

/** Forgets idempotency keys older than 24 hours. */
@Injectable()
export class PurgeIdempotencyKeysUseCase {
  constructor(
    private readonly idempotency: IdempotencyRepository,
    private readonly clock: Clock,
  ) {}

  execute(): Promise<number> {
    return this.idempotency.purgeExpired(this.clock.now());
  }
}
