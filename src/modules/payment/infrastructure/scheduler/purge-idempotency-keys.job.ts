import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AppConfig } from '../../../../config/app-config.js';
import { IntervalJob } from '../../../../shared/infrastructure/interval-job.js';
import { PurgeIdempotencyKeysUseCase } from '../../application/purge-idempotency-keys.use-case.js';

/** Once a minute: forget idempotency keys past their 24 hours (bounded batches; safe in many instances). */
@Injectable()
export class PurgeIdempotencyKeysJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly job: IntervalJob;

  constructor(
    purge: PurgeIdempotencyKeysUseCase,
    scheduler: SchedulerRegistry,
    private readonly config: AppConfig,
  ) {
    this.job = new IntervalJob('payment-idempotency-purge', scheduler, async () => {
      await purge.execute();
    });
  }

  onApplicationBootstrap(): void {
    if (this.config.schedulersEnabled) this.job.start(60_000);
  }

  onApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }
}
