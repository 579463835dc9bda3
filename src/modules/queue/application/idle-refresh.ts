import type { AppConfig } from '../../../config/app-config.js';

/** The shortest and longest time between two idle refreshes of one WAITING token. */
const MIN_REFRESH_MS = 100;
const MAX_REFRESH_MS = 30_000;

/**
 * A poll keeps a WAITING token from being dropped as idle. It writes only when the last refresh is older than a
 * tenth of the idle time (0.1–30 s): idle detection stays within 10 % even for an idle time of a second, and a client
 * polling every second costs a read, not a write, once the idle time is 10 s or more.
 */
export function idleRefreshAfterMs(config: AppConfig): number {
  return Math.min(MAX_REFRESH_MS, Math.max(MIN_REFRESH_MS, (config.queue.waitingIdleSeconds * 1000) / 10));
}

export function idleExpiryFrom(now: Date, config: AppConfig): Date {
  return new Date(now.getTime() + config.queue.waitingIdleSeconds * 1000);
}
