import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConfigError, parseConfig } from './config/app-config.js';
import { createApp } from './bootstrap.js';

/** How long a shutdown may take before the process exits anyway: inside the 10 s an instance is given to stop. */
export const SHUTDOWN_DEADLINE_MS = 9_000;

const SHUTDOWN_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * On SIGTERM or SIGINT: app.close() (the one shutdown Nest's own signal hook also runs: jobs stop and wait for their
 * running tick, the HTTP server stops accepting and lets the requests in flight finish, then the pools close), then
 * exit 0; past SHUTDOWN_DEADLINE_MS, log what is still open and exit 1. Nest's hook sends the signal again once the
 * app is closed; the listener staying here makes that a no-op instead of a kill by signal (exit 143).
 */
function exitOnSignal(app: NestFastifyApplication): void {
  const logger = new Logger('Shutdown');
  let started = false;
  const shutDown = (signal: NodeJS.Signals) => {
    if (started) return;
    started = true;
    logger.log(`${signal}: closing`);
    setTimeout(() => {
      app.getHttpServer().getConnections((_error, open) => {
        logger.error(`still closing after ${SHUTDOWN_DEADLINE_MS} ms (${open} HTTP connections open): exiting anyway`);
        process.exit(1);
      });
    }, SHUTDOWN_DEADLINE_MS).unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error(`shutdown failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        process.exit(1);
      },
    );
  };
  for (const signal of SHUTDOWN_SIGNALS) process.on(signal, shutDown);
}

async function main(): Promise<void> {
  let config;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Invalid configuration: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const app = await createApp(config);
  exitOnSignal(app);
  await app.listen({ port: config.port, host: '0.0.0.0' });
}

main().catch((error: unknown) => {
  // Startup failed (database unreachable, port taken, a migration error): say why on stderr and stop.
  console.error('Failed to start:', error);
  process.exit(1);
});
