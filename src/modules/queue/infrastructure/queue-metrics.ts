import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Metrics } from '../../../observability/index.js';
import { AdmitWaitingTokensUseCase } from '../application/admit-waiting-tokens.use-case.js';

/** Feeds the queue gauges at scrape time, so they are fresh on every instance, with or without jobs. */
@Injectable()
export class QueueMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    private readonly queue: AdmitWaitingTokensUseCase,
  ) {}

  onModuleInit(): void {
    this.metrics.setQueueSizeSource(() => this.queue.sizes());
  }
}
