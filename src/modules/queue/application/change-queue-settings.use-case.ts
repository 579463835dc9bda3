import { Injectable } from '@nestjs/common';
import { QueueStore } from '../domain/queue-store.js';
import { GetQueueOverviewUseCase } from './get-queue-overview.use-case.js';
import type { QueueOverviewView } from './queue-overview.js';

export interface QueueSettingsChange {
  readonly maxActive?: number;
  readonly paused?: boolean;
}

/**
 * An operator's change, stored where every instance reads it: the next admission tick of any instance applies it
 * (so within one activation interval). Pausing stops admissions only; lowering maxActive expires nobody.
 */
@Injectable()
export class ChangeQueueSettingsUseCase {
  constructor(
    private readonly store: QueueStore,
    private readonly overview: GetQueueOverviewUseCase,
  ) {}

  async execute(change: QueueSettingsChange): Promise<QueueOverviewView> {
    await this.store.changeSettings(change);
    return this.overview.execute();
  }
}
