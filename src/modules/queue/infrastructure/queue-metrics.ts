import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Metrics } from '../../../observability/index.js';
import { GetQueueOverviewUseCase } from '../application/get-queue-overview.use-case.js';

/** Feeds the queue gauges at scrape time, so they are fresh on every instance, with or without jobs. */
@Injectable()
export class QueueMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    private readonly overview: GetQueueOverviewUseCase,
  ) {}

  onModuleInit(): void {
    this.metrics.setQueueGaugeSource(() => this.overview.execute());
  }
}
