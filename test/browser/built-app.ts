import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { dropTestDatabase, testConfig } from '../support/test-database.js';

export interface BuiltApp {
  readonly baseUrl: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}

/**
 * `node dist/main.js` as it ships, on a database of its own (created, migrated and demo-seeded by the app, dropped
 * by stop()) and a free port; the same database settings as the other tests.
 */
export async function startBuiltApp(): Promise<BuiltApp> {
  if (!existsSync('dist/main.js')) throw new Error('dist/main.js is missing: run `npm run build` first');
  const config = testConfig();
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DB_TYPE: config.db.type,
    DB_HOST: config.db.host,
    DB_PORT: String(config.db.port),
    DB_USERNAME: config.db.username,
    DB_PASSWORD: config.db.password,
    DB_DATABASE: config.db.database,
    PORT: String(port),
    LOG_LEVEL: 'warn',
    SEED_DEMO_DATA: 'true',
  };
  const child: ChildProcess = spawn(process.execPath, ['dist/main.js'], {
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    await dropTestDatabase(config.db);
  };
  const deadline = Date.now() + 60_000;
  while (!(await answers(`${baseUrl}/health`))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`dist/main.js did not answer GET /health (exit code ${child.exitCode})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { baseUrl, stop };
}
