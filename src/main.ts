import 'reflect-metadata';
import { ConfigError, parseConfig } from './config/app-config.js';
import { createApp } from './bootstrap.js';

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
  await app.listen({ port: config.port, host: '0.0.0.0' });
}

main().catch((error: unknown) => {
  // Startup failed (database unreachable, port taken, a migration error): say why on stderr and stop.
  console.error('Failed to start:', error);
  process.exit(1);
});
