/** The line as the operators see it (GET /admin/queue) and the queue gauges report it. */
export interface QueueOverviewView {
  readonly waiting: number;
  readonly active: number;
  /** In force now: the operator's setting, or QUEUE_MAX_ACTIVE. */
  readonly maxActive: number;
  readonly paused: boolean;
  readonly admittedLastMinute: number;
}
