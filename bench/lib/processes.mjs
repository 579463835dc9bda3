// The processes under test: the bare baseline (bench/baseline/main.mjs) and the built app (dist/main.js), each its own
// process on the bench's node (process.execPath), on a free port, its stdout/stderr in a file in bench/out/.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { clearTimeout } from 'node:timers';
import { request } from 'undici';
import { APP_QUEUE, DB, NODE_ARGS, OUT_DIR, PATH, PROFILE, REDIS_URL, ROOT, databaseFor } from './settings.mjs';
import { expect, sleep } from './util.mjs';

const START_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 15_000;
const running = new Set();

function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/** Spawns `node <script>` with `env`, then waits until `readyPath` answers 200. */
async function startNode(name, script, env) {
  mkdirSync(OUT_DIR, { recursive: true });
  const port = await freePort();
  const logPath = join(OUT_DIR, `${name}.log`);
  const logFile = createWriteStream(logPath);
  const nodeArgs = [...NODE_ARGS];
  if (PROFILE) {
    // --cpu-prof writes its file on a normal exit; the preload turns SIGTERM into process.exit(0).
    nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${OUT_DIR}`, '--import', join(ROOT, 'bench', 'exit-on-sigterm.mjs'));
  }
  const child = spawn(process.execPath, [...nodeArgs, script], {
    cwd: ROOT,
    env: { PATH, PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(logFile);
  child.stderr.pipe(logFile);
  const exited = new Promise((done) => child.once('exit', (code, signal) => done({ code, signal })));
  let gone = null;
  void exited.then((how) => (gone = how));

  const proc = {
    name,
    base: `http://127.0.0.1:${port}`,
    pid: child.pid,
    logPath,
    async stop() {
      running.delete(proc);
      if (gone) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };
  running.add(proc);
  return { proc, ready: (path) => waitReady(proc, path, () => gone) };
}

async function waitReady(proc, path, gone) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (gone()) throw new Error(`${proc.name} exited while starting (${JSON.stringify(gone())}); see ${proc.logPath}`);
    try {
      const res = await request(`${proc.base}${path}`);
      await res.body.dump();
      if (res.statusCode === 200) return proc;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await proc.stop();
      throw new Error(`${proc.name} did not answer ${path} within ${START_TIMEOUT_MS / 1000} s; see ${proc.logPath}`);
    }
    await sleep(100);
  }
}

/** The bare Nest + Fastify baseline, ready on GET /ping. */
export async function startBaseline() {
  const { ready } = await startNode('baseline', join(ROOT, 'bench', 'baseline', 'main.mjs'), {
    NODE_ENV: 'production',
  });
  return ready('/ping');
}

/**
 * `node dist/main.js` with QUEUE_STORE=`store` on its own fresh database (created and migrated by the app, demo seed),
 * NODE_ENV=production, BENCH_MODE=true (GET /ping) and the default log level; ready on GET /health.
 */
export async function startApp(store) {
  const main = join(ROOT, 'dist', 'main.js');
  expect(existsSync(main), 'dist/main.js is missing: run `npm run build` (npm run bench does)');
  const queueSettings = Object.fromEntries(Object.entries(APP_QUEUE).map(([key, value]) => [key, String(value)]));
  const { ready } = await startNode(`app-${store}`, main, {
    NODE_ENV: 'production',
    BENCH_MODE: 'true',
    SEED_DEMO_DATA: 'true',
    DB_TYPE: DB.type,
    DB_HOST: DB.host,
    DB_PORT: String(DB.port),
    DB_USERNAME: DB.user,
    DB_PASSWORD: DB.password,
    DB_DATABASE: databaseFor(store),
    QUEUE_STORE: store,
    REDIS_URL,
    ...queueSettings,
  });
  return ready('/health');
}

/** Stops every process this module started and has not stopped yet (failure, Ctrl-C). */
export async function stopAll() {
  await Promise.all([...running].map((proc) => proc.stop().catch(() => undefined)));
}
