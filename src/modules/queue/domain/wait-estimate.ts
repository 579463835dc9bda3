export interface AdmissionObservation {
  /** Tokens admitted within the observation window. */
  readonly admitted: number;
  /** Seconds the observation covers (from the first admission seen in the window to now). */
  readonly seconds: number;
}

export interface QueueLimits {
  readonly maxActive: number;
  readonly activeTtlSeconds: number;
}

/**
 * Seconds until a WAITING token at `position` is admitted: position ÷ the admission rate observed
 * recently; with no admission observed yet, position × TTL ÷ maxActive (a full active set turns over
 * once per TTL at the slowest). Rounded up; 0 for position 0 (ACTIVE).
 */
export function estimateWaitSeconds(
  position: number,
  observed: AdmissionObservation | null,
  limits: QueueLimits,
): number {
  if (position <= 0) return 0;
  if (observed && observed.admitted > 0 && observed.seconds > 0) {
    return Math.ceil((position * observed.seconds) / observed.admitted);
  }
  return Math.ceil((position * limits.activeTtlSeconds) / limits.maxActive);
}
