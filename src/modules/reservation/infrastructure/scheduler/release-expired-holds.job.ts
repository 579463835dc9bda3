import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AppConfig } from '../../../../config/app-config.js';
import { Metrics } from '../../../../observability/index.js';
import { ReleaseExpiredHoldsUseCase } from '../../application/release-expired-holds.use-case.js';

export const RELEASE_EXPIRED_HOLDS_INTERVAL_MS = 1000;
const JOB_NAME = 'reservation.release-expired-holds';

/** Runs the release every second when this instance runs jobs; a tick is skipped while the last one runs. */
@Injectable()
export class ReleaseExpiredHoldsJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ReleaseExpiredHoldsJob.name);
  private running: Promise<void> | null = null;

  constructor(
    private readonly releaseExpiredHolds: ReleaseExpiredHoldsUseCase,
    private readonly registry: SchedulerRegistry,
    private readonly config: AppConfig,
    private readonly metrics: Metrics,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.schedulersEnabled) return;
    this.registry.addInterval(
      JOB_NAME,
      setInterval(() => this.tick(), RELEASE_EXPIRED_HOLDS_INTERVAL_MS),
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.registry.doesExist('interval', JOB_NAME)) this.registry.deleteInterval(JOB_NAME);
    await this.running;
  }

  tick(): void {
    if (this.running) return;
    this.running = this.releaseExpiredHolds
      .execute()
      .then((expired) => this.metrics.holdsExpired(expired))
      .catch((error: unknown) => {
        this.logger.error(`Releasing expired holds failed: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => {
        this.running = null;
      });
  }
}
