import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AppConfig } from '../../../../config/app-config.js';
import { PurgeIdempotencyKeysUseCase } from '../../application/purge-idempotency-keys.use-case.js';

const JOB = 'payment-idempotency-purge';

/** Once a minute: forget idempotency keys past their 24 hours (bounded batches; safe in many instances). */
@Injectable()
export class PurgeIdempotencyKeysJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PurgeIdempotencyKeysJob.name);

  constructor(
    private readonly purge: PurgeIdempotencyKeysUseCase,
    private readonly scheduler: SchedulerRegistry,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.schedulersEnabled) return;
    const run = () =>
      void this.purge.execute().catch((error: unknown) => this.logger.error(`Purge failed: ${String(error)}`));
    this.scheduler.addInterval(JOB, setInterval(run, 60_000));
  }

  onApplicationShutdown(): void {
    if (this.scheduler.doesExist('interval', JOB)) this.scheduler.deleteInterval(JOB);
  }
}
