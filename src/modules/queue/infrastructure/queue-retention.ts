/** Batch sizes and retentions both queue stores use (the Redis scripts receive them as arguments). */

/** An ended token is kept a day and an hour past its end: a payment's replay (24 hours) still finds its token. */
export const RETAIN_ENDED_MS = 25 * 3600_000;
/** Idle WAITING tokens one admission tick drops at most; the rest go at the next tick. */
export const DROP_BATCH = 5000;
/** Ended tokens (and revocations) one tick purges at most. */
export const PURGE_BATCH = 1000;
/** Admissions are recorded for the snapshot and the operators' view; older ones are deleted. */
export const ADMISSIONS_RETAIN_MS = 3600_000;
/** The span of GET /admin/queue's admittedLastMinute. */
export const ONE_MINUTE_MS = 60_000;
/** Revocations are kept this long for the instances' token caches (a cache that fell further behind starts over). */
export const REVOCATIONS_RETAIN_MS = 3600_000;
