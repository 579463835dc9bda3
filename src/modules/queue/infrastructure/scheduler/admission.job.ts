import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AppConfig } from '../../../../config/app-config.js';
import { Metrics } from '../../../../observability/index.js';
import { AdmitWaitingTokensUseCase } from '../../application/admit-waiting-tokens.use-case.js';

const JOB = 'queue-admission';

/** Every QUEUE_ACTIVATION_INTERVAL_MS: one admission tick. Ticks of this instance never overlap. */
@Injectable()
export class AdmissionJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AdmissionJob.name);
  private running: Promise<void> | null = null;

  constructor(
    private readonly admit: AdmitWaitingTokensUseCase,
    private readonly scheduler: SchedulerRegistry,
    private readonly config: AppConfig,
    private readonly metrics: Metrics,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.schedulersEnabled) return;
    this.scheduler.addInterval(
      JOB,
      setInterval(() => void this.tick(), this.config.queue.activationIntervalMs),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.scheduler.doesExist('interval', JOB)) this.scheduler.deleteInterval(JOB);
    await this.running;
  }

  tick(): Promise<void> {
    this.running ??= this.admit
      .execute()
      .then((outcome) => this.metrics.queueAdmitted(outcome.admitted))
      .catch((error: unknown) => this.logger.error(`Admission tick failed: ${String(error)}`))
      .finally(() => (this.running = null));
    return this.running;
  }
}
