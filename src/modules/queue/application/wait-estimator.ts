import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config.js';
import { Clock } from '../../../shared/domain/clock.js';
import { QueueStore } from '../domain/queue-store.js';
import { type AdmissionObservation, estimateWaitSeconds } from '../domain/wait-estimate.js';

/** How far back admissions count for the observed rate. */
export const OBSERVATION_WINDOW_MS = 5 * 60_000;
/** The observed rate is shared by all polls of this instance and re-read at most this often. */
const REFRESH_MS = 1000;

@Injectable()
export class WaitEstimator {
  private observed: AdmissionObservation | null = null;
  private readAt = -Infinity;
  private reading: Promise<void> | null = null;

  constructor(
    private readonly store: QueueStore,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async estimate(position: number): Promise<number> {
    if (position <= 0) return 0;
    await this.refresh();
    return estimateWaitSeconds(position, this.observed, this.config.queue);
  }

  private async refresh(): Promise<void> {
    const now = this.clock.now().getTime();
    if (now - this.readAt < REFRESH_MS) return;
    // One read in flight at a time: a burst of polls waits for the same answer.
    this.reading ??= this.read(now).finally(() => (this.reading = null));
    await this.reading;
  }

  private async read(now: number): Promise<void> {
    const { admitted, firstAt } = await this.store.admissionsSince(new Date(now - OBSERVATION_WINDOW_MS));
    // From the first admission seen (at least one tick ago) to now: a fresh burst is not read as a rate per 5 minutes.
    const seconds = firstAt ? Math.max(now - firstAt.getTime(), this.config.queue.activationIntervalMs) / 1000 : 0;
    this.observed = admitted > 0 ? { admitted, seconds } : null;
    this.readAt = now;
  }
}
