import { type BeforeApplicationShutdown, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AppConfig } from '../../../../config/app-config.js';
import { Metrics } from '../../../../observability/index.js';
import { IntervalJob } from '../../../../shared/infrastructure/interval-job.js';
import { AdmitWaitingTokensUseCase } from '../../application/admit-waiting-tokens.use-case.js';

/** Every QUEUE_ACTIVATION_INTERVAL_MS: one admission tick. Ticks of this instance never overlap. */
@Injectable()
export class AdmissionJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly job: IntervalJob;

  constructor(
    admit: AdmitWaitingTokensUseCase,
    scheduler: SchedulerRegistry,
    private readonly config: AppConfig,
    metrics: Metrics,
  ) {
    this.job = new IntervalJob('queue.admission', scheduler, async () => {
      metrics.queueAdmitted((await admit.execute()).admitted);
    });
  }

  onApplicationBootstrap(): void {
    if (this.config.schedulersEnabled) this.job.start(this.config.queue.activationIntervalMs);
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }
}
