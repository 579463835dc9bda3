import { isIP } from 'node:net';

export type DbType = 'mysql' | 'mariadb';
export type QueueStoreKind = 'database' | 'redis';

export interface HostPort {
  readonly host: string;
  readonly port: number;
}

/** The shortest ADMIN_API_KEY accepted: a key an operator types in must still resist guessing. */
export const MIN_ADMIN_KEY_LENGTH = 32;

/** The validated configuration. Built once at start by parseConfig; nothing else reads process.env. */
export abstract class AppConfig {
  abstract readonly port: number;
  abstract readonly db: {
    readonly type: DbType;
    readonly host: string;
    readonly port: number;
    readonly username: string;
    readonly password: string;
    readonly database: string;
  };
  abstract readonly queue: {
    readonly store: QueueStoreKind;
    readonly maxActive: number;
    readonly activationIntervalMs: number;
    readonly activeTtlSeconds: number;
    readonly waitingIdleSeconds: number;
    /** HMAC key for token values; null → a key generated once and kept in the database. */
    readonly tokenSecret: string | null;
  };
  /** Used when QUEUE_STORE=redis: the queue, and the rate-limit counts every instance shares. */
  abstract readonly redis: {
    readonly url: string;
    /** Seeds of a Redis Cluster (REDIS_CLUSTER_NODES); when set, used instead of `url`. */
    readonly clusterNodes: readonly HostPort[] | null;
  };
  /** Requests per minute; 0 turns a limit off. */
  abstract readonly rateLimit: {
    readonly issuePerMinute: number;
    readonly perTokenPerMinute: number;
  };
  /** Proxy addresses or CIDRs whose X-Forwarded-For is believed (TRUST_PROXY); empty: none. */
  abstract readonly trustProxy: readonly string[];
  /** The operator routes exist only with a key. */
  abstract readonly admin: { readonly apiKey: string | null };
  abstract readonly reservation: {
    readonly holdSeconds: number;
    readonly maxHoldsPerUser: number;
  };
  abstract readonly point: {
    readonly maxCharge: number;
    readonly maxBalance: number;
  };
  abstract readonly seedDemoData: boolean;
  /** Not in the API contract: lets tests and benchmarks run without the background jobs. */
  abstract readonly schedulersEnabled: boolean;
  /** Not in the API contract: exposes GET /ping for the benchmark baseline. */
  abstract readonly benchMode: boolean;
  abstract readonly logLevel: string;
  /**
   * Not in the API contract: one log line per answered request (LOG_REQUESTS). Off, only a 5xx still gets its line;
   * every other log line (errors, audit lines) is kept. The request line is the largest single cost of a cheap
   * request (docs/operations.md).
   */
  abstract readonly logRequests: boolean;
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function raw(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${value}"`);
  }
  return Number(value);
}

function oneOf<T extends string>(env: Env, name: string, fallback: T, allowed: readonly T[]): T {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${value}"`);
  }
  return value as T;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  return oneOf(env, name, fallback ? 'true' : 'false', ['true', 'false'] as const) === 'true';
}

function text(env: Env, name: string, fallback: string, pattern?: RegExp): string {
  const value = raw(env, name) ?? fallback;
  if (pattern && !pattern.test(value)) {
    throw new ConfigError(`${name} has an invalid value "${value}"`);
  }
  return value;
}

function list(env: Env, name: string): string[] {
  const value = raw(env, name);
  return value === undefined ? [] : value.split(',').map((item) => item.trim());
}

function clusterNodes(env: Env): HostPort[] | null {
  const items = list(env, 'REDIS_CLUSTER_NODES');
  if (items.length === 0) return null;
  return items.map((item) => {
    const match = /^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):(\d{1,5})$/.exec(item);
    const port = match ? Number(match[2]) : 0;
    if (!match || port < 1 || port > 65535) {
      throw new ConfigError(`REDIS_CLUSTER_NODES must be comma-separated host:port seeds, got "${item}"`);
    }
    return { host: match[1].replace(/^\[|\]$/g, ''), port };
  });
}

/** An IP address, or a CIDR block (address/prefix). */
function isAddressOrCidr(value: string): boolean {
  const [address, prefix, ...rest] = value.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

function trustProxy(env: Env): string[] {
  const items = list(env, 'TRUST_PROXY');
  const bad = items.find((item) => !isAddressOrCidr(item));
  if (bad !== undefined) {
    throw new ConfigError(`TRUST_PROXY must be comma-separated IP addresses or CIDRs, got "${bad}"`);
  }
  return items;
}

function adminKey(env: Env): string | null {
  const value = raw(env, 'ADMIN_API_KEY');
  if (value === undefined) return null;
  if (value.length < MIN_ADMIN_KEY_LENGTH || /\s/.test(value)) {
    throw new ConfigError(
      `ADMIN_API_KEY must be at least ${MIN_ADMIN_KEY_LENGTH} characters without spaces (got ${value.length})`,
    );
  }
  return value;
}

/** Reads and validates every variable; throws a ConfigError naming the first bad one. */
export function parseConfig(env: Env): AppConfig {
  return {
    port: int(env, 'PORT', 3000, 0, 65535),
    db: {
      type: oneOf(env, 'DB_TYPE', 'mysql', ['mysql', 'mariadb'] as const),
      host: text(env, 'DB_HOST', '127.0.0.1'),
      port: int(env, 'DB_PORT', 3306, 1, 65535),
      username: text(env, 'DB_USERNAME', 'root'),
      password: env.DB_PASSWORD ?? '',
      database: text(env, 'DB_DATABASE', 'concert', /^[A-Za-z0-9_]{1,64}$/),
    },
    queue: {
      store: oneOf(env, 'QUEUE_STORE', 'database', ['database', 'redis'] as const),
      maxActive: int(env, 'QUEUE_MAX_ACTIVE', 100, 1, 1_000_000),
      activationIntervalMs: int(env, 'QUEUE_ACTIVATION_INTERVAL_MS', 1000, 10, 3_600_000),
      activeTtlSeconds: int(env, 'QUEUE_ACTIVE_TTL_SECONDS', 600, 1, 86_400),
      waitingIdleSeconds: int(env, 'QUEUE_WAITING_IDLE_SECONDS', 300, 1, 86_400),
      tokenSecret:
        raw(env, 'QUEUE_TOKEN_SECRET') === undefined ? null : text(env, 'QUEUE_TOKEN_SECRET', '', /^\S{32,}$/),
    },
    redis: {
      url: text(env, 'REDIS_URL', 'redis://127.0.0.1:6379', /^rediss?:\/\/\S+$/),
      clusterNodes: clusterNodes(env),
    },
    rateLimit: {
      issuePerMinute: int(env, 'RATE_LIMIT_ISSUE_PER_MINUTE', 60, 0, 1_000_000_000),
      perTokenPerMinute: int(env, 'RATE_LIMIT_PER_TOKEN_PER_MINUTE', 600, 0, 1_000_000_000),
    },
    trustProxy: trustProxy(env),
    admin: { apiKey: adminKey(env) },
    reservation: {
      holdSeconds: int(env, 'RESERVATION_HOLD_SECONDS', 300, 1, 86_400),
      maxHoldsPerUser: int(env, 'RESERVATION_MAX_HOLDS_PER_USER', 4, 1, 50),
    },
    point: {
      maxCharge: int(env, 'POINT_MAX_CHARGE', 1_000_000, 1, 1_000_000_000),
      maxBalance: int(env, 'POINT_MAX_BALANCE', 100_000_000, 1, 1_000_000_000),
    },
    seedDemoData: bool(env, 'SEED_DEMO_DATA', true),
    schedulersEnabled: bool(env, 'SCHEDULERS_ENABLED', true),
    benchMode: bool(env, 'BENCH_MODE', false),
    logRequests: bool(env, 'LOG_REQUESTS', true),
    logLevel: oneOf(env, 'LOG_LEVEL', 'info', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const),
  };
}
