import type { QueueTokenStatus } from '../domain/queue-token.js';

/** What the client sees of its place in the queue. */
export interface QueueTicket {
  readonly token: string;
  readonly userId: string;
  readonly status: QueueTokenStatus;
  readonly position: number;
  readonly estimatedWaitSeconds: number;
  readonly pollAfterSeconds: number;
  readonly expiresAt: Date;
}
