import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Clock } from '../../../shared/domain/clock.js';
import { ActiveTokenCache } from '../application/active-token-cache.js';
import { QueueStore } from '../domain/queue-store.js';

/** How often the feed is read: well inside TOKEN_CACHE_BOUND_MS, so the cache stays usable under load. */
export const REVOCATION_FEED_INTERVAL_MS = 20;
/** After a gap this long without a successful read, revocations may have been trimmed: the cache starts over. */
const GAP_RESET_MS = 30_000;

/**
 * Reads the tokens ended by payments and kicks on any instance (QueueStore.revocationsSince) into this instance's
 * ActiveTokenCache, one read at a time, forever. Runs in every instance whether or not it runs the jobs: it is what
 * keeps the cache honest. A failed read (store away) is retried; meanwhile the cache is not used.
 */
@Injectable()
export class RevocationFeed implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(RevocationFeed.name);
  private cursor: string | null = null;
  private lastReadAt = -Infinity;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private failing = false;

  constructor(
    private readonly store: QueueStore,
    private readonly cache: ActiveTokenCache,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** One read of the feed (also what the timer runs). */
  read(): Promise<void> {
    this.running ??= this.readOnce().finally(() => (this.running = null));
    return this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.read().finally(() => this.schedule(REVOCATION_FEED_INTERVAL_MS)), delayMs);
    this.timer.unref();
  }

  private async readOnce(): Promise<void> {
    const startedAt = this.clock.now().getTime();
    if (startedAt - this.lastReadAt > GAP_RESET_MS && this.cursor !== null) {
      this.cache.clear();
      this.cursor = null;
    }
    try {
      const { tokenIds, cursor } = await this.store.revocationsSince(this.cursor);
      this.cursor = cursor;
      this.lastReadAt = startedAt;
      this.cache.revoked(tokenIds, startedAt);
      if (this.failing) this.logger.log('Revocation feed readable again');
      this.failing = false;
    } catch (error) {
      if (!this.failing) {
        this.logger.warn(`Revocation feed unreadable, serving no cached token: ${(error as Error).message}`);
      }
      this.failing = true;
    }
  }
}
