import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config.js';
import { Clock } from '../../../shared/domain/clock.js';
import { type AdmissionOutcome, QueueStore } from '../domain/queue-store.js';
import { OBSERVATION_WINDOW_MS } from '../domain/wait-estimate.js';

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
      defaultMaxActive: this.config.queue.maxActive,
      activeTtlSeconds: this.config.queue.activeTtlSeconds,
      observationWindowMs: OBSERVATION_WINDOW_MS,
      minObservationMs: this.config.queue.activationIntervalMs,
    });
  }
}
