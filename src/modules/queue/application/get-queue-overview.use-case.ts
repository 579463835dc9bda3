import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config.js';
import { Clock } from '../../../shared/domain/clock.js';
import { type QueueOverview, QueueStore } from '../domain/queue-store.js';
import type { QueueOverviewView } from './queue-overview.js';

export function overviewView(overview: QueueOverview, config: AppConfig): QueueOverviewView {
  return {
    waiting: overview.waiting,
    active: overview.active,
    maxActive: overview.settings.maxActive ?? config.queue.maxActive,
    paused: overview.settings.paused,
    admittedLastMinute: overview.admittedLastMinute,
  };
}

@Injectable()
export class GetQueueOverviewUseCase {
  constructor(
    private readonly store: QueueStore,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async execute(): Promise<QueueOverviewView> {
    return overviewView(await this.store.overview(this.clock.now()), this.config);
  }
}
