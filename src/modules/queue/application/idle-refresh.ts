import type { AppConfig } from '../../../config/app-config.js';

/** The shortest and longest time between two idle refreshes of one WAITING token. */
const MIN_REFRESH_MS = 1000;
const MAX_REFRESH_MS = 30_000;

/**
 * A poll keeps a WAITING token from being dropped as idle. It writes only when the last refresh is older than a
 * tenth of the idle time (1–30 s): idle detection stays within 10 %, and a client polling every second costs a
 * read, not a write.
 */
export function idleRefreshAfterMs(config: AppConfig): number {
  return Math.min(MAX_REFRESH_MS, Math.max(MIN_REFRESH_MS, (config.queue.waitingIdleSeconds * 1000) / 10));
}

export function idleExpiryFrom(now: Date, config: AppConfig): Date {
  return new Date(now.getTime() + config.queue.waitingIdleSeconds * 1000);
}
