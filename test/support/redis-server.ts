import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { StopWaiting, waitUntil } from './wait-until.js';

export type AppendFsync = 'always' | 'everysec' | 'no';

export interface RedisServerOptions {
  /** everysec (the default) may lose the last second of writes on a crash; always loses none. */
  appendfsync?: AppendFsync;
  /** More redis-server arguments, e.g. cluster mode. */
  args?: readonly string[];
  /** Picks the port of the first start (default: any free loopback port); restarts keep it. */
  findPort?: () => Promise<number>;
  /** How long start() waits for PING to answer PONG (the AOF is loaded by then). */
  readyTimeoutMs?: number;
}

const HOST = '127.0.0.1';
// Attempts at a first start: a port found free may be taken by someone else before redis-server binds it.
const PORT_ATTEMPTS = 5;
const PORT_TAKEN = /Address already in use|another process answers on the port/;
const SHUTDOWN_TIMEOUT_MS = 15_000;

// Whatever a failed test leaves running dies with the Jest worker.
const running = new Set<ChildProcess>();
const killRunning = () => running.forEach((child) => child.kill('SIGKILL'));
function track(child: ChildProcess): void {
  if (running.size === 0) process.on('exit', killRunning);
  running.add(child);
}
function untrack(child: ChildProcess): void {
  running.delete(child);
  if (running.size === 0) process.off('exit', killRunning);
}

/** A port nobody listens on now (the kernel picks one from its ephemeral range). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, HOST, resolve);
  });
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Whether a loopback port can be bound right now. */
export async function isPortFree(port: number): Promise<boolean> {
  const server = net.createServer();
  const bound = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, HOST, () => resolve(true));
  });
  if (bound) await new Promise<void>((resolve) => server.close(() => resolve()));
  return bound;
}

/** Sends one command on a connection of its own that never retries, so a dead server fails it at once. */
export async function redisCommand(port: number, command: string, ...args: (string | number)[]): Promise<unknown> {
  const client = new Redis({
    host: HOST,
    port,
    lazyConnect: true,
    enableReadyCheck: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 2000,
    // A refused socket is closed already, so disconnect()'s timer would wait out its 2 s and hold the process.
    disconnectTimeout: 0,
  });
  // Failures reach the caller through the command's promise.
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await client.call(command, ...args);
  } finally {
    client.disconnect();
  }
}

/**
 * A redis-server of the test's own: a child process on a spare loopback port, in a temp dir, with append-only
 * persistence and no RDB snapshots, so what survives a restart is what the AOF kept.
 *   const redis = await RedisServer.start();   // redis.url, redis.port, redis.dir
 *   await redis.stop();     // SHUTDOWN: fsyncs the AOF, waits for the process to exit (idempotent)
 *   await redis.kill();     // SIGKILL: a crash, no fsync
 *   await redis.start();    // again, same port and dir: loads the AOF; resolves once PING answers
 *   await redis.restart();  // stop() + start()
 *   await redis.cleanup();  // kill() + remove the dir; for afterAll
 */
export class RedisServer {
  port = 0;
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private stopping: Promise<void> | null = null;

  private constructor(
    readonly dir: string,
    private readonly options: RedisServerOptions,
  ) {}

  /** A server in a new temp dir, not started yet. */
  static async create(options: RedisServerOptions = {}): Promise<RedisServer> {
    return new RedisServer(await mkdtemp(path.join(os.tmpdir(), 'redis-test-')), options);
  }

  static async start(options: RedisServerOptions = {}): Promise<RedisServer> {
    const server = await RedisServer.create(options);
    try {
      await server.start();
    } catch (error) {
      await server.cleanup();
      throw error;
    }
    return server;
  }

  get url(): string {
    return `redis://${HOST}:${this.port}`;
  }

  get running(): boolean {
    return this.child !== null;
  }

  /** Starts the server unless it runs; resolves once it answers PING (after loading its AOF). */
  async start(): Promise<void> {
    await this.stopping;
    if (this.child) return;
    if (this.port !== 0) return this.launch();
    for (let attempt = 1; ; attempt++) {
      this.port = await (this.options.findPort ?? freePort)();
      try {
        return await this.launch();
      } catch (error) {
        if (attempt === PORT_ATTEMPTS || !PORT_TAKEN.test(String(error))) throw error;
      }
    }
  }

  /** SHUTDOWN (which fsyncs the AOF) and wait for the process to exit; does nothing when it is not running. */
  stop(): Promise<void> {
    return this.halt(async (child) => {
      try {
        await redisCommand(this.port, 'SHUTDOWN');
      } catch {
        // SHUTDOWN's answer is the connection closing as the server exits.
      }
      const exited = await Promise.race([
        this.exited.then(() => true),
        new Promise<false>((resolve) => setTimeout(() => resolve(false), SHUTDOWN_TIMEOUT_MS).unref()),
      ]);
      if (!exited) {
        child.kill('SIGKILL');
        await this.exited;
        throw new Error(`redis-server on port ${this.port} did not shut down; killed it.\n${await this.logTail()}`);
      }
    });
  }

  /** SIGKILL: the process dies at once, without an fsync. */
  kill(): Promise<void> {
    return this.halt(async (child) => {
      child.kill('SIGKILL');
      await this.exited;
    });
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** Kills the server (the data no longer matters) and removes its dir. */
  async cleanup(): Promise<void> {
    await this.kill();
    await rm(this.dir, { recursive: true, force: true });
  }

  /** One command to this server, e.g. `INFO persistence`. */
  command(command: string, ...args: (string | number)[]): Promise<unknown> {
    return redisCommand(this.port, command, ...args);
  }

  /** The last lines of the server's log, for error messages. */
  async logTail(lines = 15): Promise<string> {
    const log = await readFile(path.join(this.dir, 'redis.log'), 'utf8').catch(() => '');
    return `redis.log:\n${log.trimEnd().split('\n').slice(-lines).join('\n')}`;
  }

  private async halt(how: (child: ChildProcess) => Promise<void>): Promise<void> {
    await this.stopping;
    const child = this.child;
    if (!child) return;
    this.stopping = how(child).finally(() => {
      this.child = null;
      this.stopping = null;
    });
    await this.stopping;
  }

  private async launch(): Promise<void> {
    // prettier-ignore
    const args = [
      '--port', String(this.port),
      '--bind', HOST,
      '--dir', this.dir,
      '--logfile', path.join(this.dir, 'redis.log'),
      '--daemonize', 'no',
      '--save', '',
      '--appendonly', 'yes',
      '--appendfsync', this.options.appendfsync ?? 'everysec',
      ...(this.options.args ?? []),
    ];
    const child = spawn('redis-server', args, { cwd: this.dir, stdio: ['ignore', 'ignore', 'pipe'] });
    // Errors before the log file opens (a bad argument) go to stderr.
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-2000)));
    let gone: Error | null = null;
    this.exited = new Promise<void>((resolve) => {
      child.once('exit', (code, signal) => {
        gone ??= new Error(`redis-server exited (${signal ?? `code ${code}`})`);
        resolve();
      });
      child.once('error', (error) => {
        gone = error;
        resolve();
      });
    }).finally(() => untrack(child));
    track(child);
    try {
      await waitUntil(
        `redis-server on port ${this.port} to answer PING`,
        async () => {
          if (gone) throw new StopWaiting(gone.message);
          if ((await redisCommand(this.port, 'PING')) !== 'PONG') return undefined;
          // Another server on the port would answer too (ours then failed to bind it).
          const info = String(await redisCommand(this.port, 'INFO', 'server'));
          if (!info.includes(`process_id:${child.pid}\r\n`))
            throw new StopWaiting('another process answers on the port');
          return true;
        },
        { timeoutMs: this.options.readyTimeoutMs ?? 30_000 },
      );
    } catch (error) {
      child.kill('SIGKILL');
      await this.exited;
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`${message}\n${stderr.trim()}\n${await this.logTail()}`, { cause: error });
    }
    this.child = child;
  }
}
