import type { QueueTokenStatus } from './queue-token.js';

/**
 * What the last admission tick observed, as the shared store keeps it: every instance estimates from this same
 * record, so within one instant the estimate depends on the position alone, whichever instance answers.
 */
export interface AdmissionSnapshot {
  /** Tokens admitted within the observation window (the last minutes). */
  readonly admitted: number;
  /** Seconds the observation covers: from the first admission seen in the window to the tick, at least one interval. */
  readonly seconds: number;
  /** The active-set size in force at that tick (QUEUE_MAX_ACTIVE, or the operator's setting). */
  readonly maxActive: number;
}

export interface QueueLimits {
  readonly maxActive: number;
  readonly activeTtlSeconds: number;
  readonly waitingIdleSeconds: number;
}

/** How far back admissions count for the observed rate. */
export const OBSERVATION_WINDOW_MS = 5 * 60_000;
/** The longest poll interval ever advised, whatever the line's length. */
export const MAX_POLL_AFTER_SECONDS = 30;

/**
 * Seconds until a WAITING token at `position` is admitted: position ÷ the admission rate observed recently; with
 * no admission observed yet, position × TTL ÷ maxActive (a full active set turns over once per TTL at the slowest).
 * Rounded up; 0 for position 0 (ACTIVE). For a fixed snapshot it never decreases as the position grows.
 */
export function estimateWaitSeconds(position: number, snapshot: AdmissionSnapshot | null, limits: QueueLimits): number {
  if (position <= 0) return 0;
  if (snapshot && snapshot.admitted > 0 && snapshot.seconds > 0) {
    return Math.ceil((position * snapshot.seconds) / snapshot.admitted);
  }
  const maxActive = snapshot?.maxActive ?? limits.maxActive;
  return Math.ceil((position * limits.activeTtlSeconds) / maxActive);
}

/**
 * How long a client should wait before its next poll: a tenth of its estimated wait, at least 1 s and at most
 * min(30, a third of the idle timeout) so that a client following it is never dropped as idle; 0 once ACTIVE.
 */
export function pollAfterSeconds(status: QueueTokenStatus, estimatedWaitSeconds: number, limits: QueueLimits): number {
  if (status !== 'WAITING') return 0;
  const ceiling = Math.max(1, Math.min(MAX_POLL_AFTER_SECONDS, Math.floor(limits.waitingIdleSeconds / 3)));
  return Math.min(ceiling, Math.max(1, Math.ceil(estimatedWaitSeconds / 10)));
}
