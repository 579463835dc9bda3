import { Logger } from '@nestjs/common';
import type { SchedulerRegistry } from '@nestjs/schedule';

/**
 * A background job on @nestjs/schedule's registry: runs `work` every `everyMs`, never two ticks of this
 * instance at once (a tick is skipped while the last one runs), logs a failed tick, and on stop waits
 * for the running tick. Jobs stay thin: they only say what to run and how often. Jobs stop it from
 * beforeApplicationShutdown: Nest runs that before it closes the HTTP server, and the pools close after that
 * (onApplicationShutdown), so a running tick always finishes on open pools.
 */
export class IntervalJob {
  private readonly logger: Logger;
  private running: Promise<void> | null = null;

  constructor(
    private readonly name: string,
    private readonly registry: SchedulerRegistry,
    private readonly work: () => Promise<void>,
  ) {
    this.logger = new Logger(name);
  }

  start(everyMs: number): void {
    this.registry.addInterval(
      this.name,
      setInterval(() => void this.tick(), everyMs),
    );
  }

  /** One tick now (or the one already running). */
  tick(): Promise<void> {
    this.running ??= this.work()
      .catch((error: unknown) =>
        this.logger.error(`${this.name} failed: ${error instanceof Error ? error.message : String(error)}`),
      )
      .finally(() => (this.running = null));
    return this.running;
  }

  async stop(): Promise<void> {
    if (this.registry.doesExist('interval', this.name)) this.registry.deleteInterval(this.name);
    await this.running;
  }
}
