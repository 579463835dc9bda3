import { Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AppConfig } from '../../../../config/app-config.js';
import { Metrics } from '../../../../observability/index.js';
import { IntervalJob } from '../../../../shared/infrastructure/interval-job.js';
import { ReleaseExpiredHoldsUseCase } from '../../application/release-expired-holds.use-case.js';

export const RELEASE_EXPIRED_HOLDS_INTERVAL_MS = 1000;

/** Runs the release every second when this instance runs jobs; a tick is skipped while the last one runs. */
@Injectable()
export class ReleaseExpiredHoldsJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly job: IntervalJob;

  constructor(
    releaseExpiredHolds: ReleaseExpiredHoldsUseCase,
    registry: SchedulerRegistry,
    private readonly config: AppConfig,
    metrics: Metrics,
  ) {
    this.job = new IntervalJob('reservation.release-expired-holds', registry, async () => {
      metrics.holdsExpired(await releaseExpiredHolds.execute());
    });
  }

  onApplicationBootstrap(): void {
    if (this.config.schedulersEnabled) this.job.start(RELEASE_EXPIRED_HOLDS_INTERVAL_MS);
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }
}
