import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config.js';
import { Clock } from '../../../shared/domain/clock.js';
import { type AdmissionOutcome, QueueStore, type QueueSizes } from '../domain/queue-store.js';

/** One scheduler tick. Safe to run in any number of instances at once: the store serialises ticks. */
@Injectable()
export class AdmitWaitingTokensUseCase {
  constructor(
    private readonly store: QueueStore,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  execute(): Promise<AdmissionOutcome> {
    return this.store.admit({
      now: this.clock.now(),
      maxActive: this.config.queue.maxActive,
      activeTtlSeconds: this.config.queue.activeTtlSeconds,
    });
  }

  sizes(): Promise<QueueSizes> {
    return this.store.sizes(this.clock.now());
  }
}
