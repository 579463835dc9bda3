import { type BeforeApplicationShutdown, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AppConfig } from '../../../../config/app-config.js';
import { IntervalJob } from '../../../../shared/infrastructure/interval-job.js';
import { PurgeIdempotencyKeysUseCase } from '../../application/purge-idempotency-keys.use-case.js';

export const PURGE_IDEMPOTENCY_KEYS_INTERVAL_MS = 60_000;

/** Once a minute: forget idempotency keys past their 24 hours (bounded batches; safe in many instances). */
@Injectable()
export class PurgeIdempotencyKeysJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly job: IntervalJob;

  constructor(
    purge: PurgeIdempotencyKeysUseCase,
    scheduler: SchedulerRegistry,
    private readonly config: AppConfig,
  ) {
    this.job = new IntervalJob('payment.purge-idempotency-keys', scheduler, async () => {
      await purge.execute();
    });
  }

  onApplicationBootstrap(): void {
    if (this.config.schedulersEnabled) this.job.start(PURGE_IDEMPOTENCY_KEYS_INTERVAL_MS);
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }
}
