import { ConfigError, parseConfig } from './app-config.js';

describe('parseConfig', () => {
  it('applies the documented defaults', () => {
    const config = parseConfig({});
    expect(config.port).toBe(3000);
    expect(config.db).toEqual({
      type: 'mysql',
      host: '127.0.0.1',
      port: 3306,
      username: 'root',
      password: '',
      database: 'concert',
    });
    expect(config.queue).toEqual({
      store: 'database',
      maxActive: 100,
      activationIntervalMs: 1000,
      activeTtlSeconds: 600,
      waitingIdleSeconds: 300,
      tokenSecret: null,
    });
    expect(config.redis).toEqual({ url: 'redis://127.0.0.1:6379', clusterNodes: null });
    expect(config.rateLimit).toEqual({ issuePerMinute: 60, perTokenPerMinute: 600 });
    expect(config.trustProxy).toEqual([]);
    expect(config.admin).toEqual({ apiKey: null });
    expect(config.reservation).toEqual({ holdSeconds: 300, maxHoldsPerUser: 4 });
    expect(config.point).toEqual({ maxCharge: 1_000_000, maxBalance: 100_000_000 });
    expect(config.seedDemoData).toBe(true);
    expect(config.logRequests).toBe(true);
  });

  it('reads every variable', () => {
    const config = parseConfig({
      PORT: '8080',
      DB_TYPE: 'mariadb',
      DB_DATABASE: 'concert_test_1',
      QUEUE_STORE: 'redis',
      QUEUE_MAX_ACTIVE: '5',
      RESERVATION_HOLD_SECONDS: '2',
      POINT_MAX_BALANCE: '1000',
      SEED_DEMO_DATA: 'false',
      LOG_REQUESTS: 'false',
      REDIS_CLUSTER_NODES: '127.0.0.1:7001, redis-2.internal:7002,[::1]:7003',
      RATE_LIMIT_ISSUE_PER_MINUTE: '0',
      RATE_LIMIT_PER_TOKEN_PER_MINUTE: '1200',
      TRUST_PROXY: '10.0.0.1, 192.168.0.0/16,::1,fd00::/8',
      ADMIN_API_KEY: 'k'.repeat(32),
    });
    expect(config.port).toBe(8080);
    expect(config.db.type).toBe('mariadb');
    expect(config.db.database).toBe('concert_test_1');
    expect(config.queue.store).toBe('redis');
    expect(config.queue.maxActive).toBe(5);
    expect(config.reservation.holdSeconds).toBe(2);
    expect(config.point.maxBalance).toBe(1000);
    expect(config.seedDemoData).toBe(false);
    expect(config.logRequests).toBe(false);
    expect(config.redis.clusterNodes).toEqual([
      { host: '127.0.0.1', port: 7001 },
      { host: 'redis-2.internal', port: 7002 },
      { host: '::1', port: 7003 },
    ]);
    expect(config.rateLimit).toEqual({ issuePerMinute: 0, perTokenPerMinute: 1200 });
    expect(config.trustProxy).toEqual(['10.0.0.1', '192.168.0.0/16', '::1', 'fd00::/8']);
    expect(config.admin.apiKey).toBe('k'.repeat(32));
  });

  it.each([
    ['PORT', 'abc'],
    ['DB_TYPE', 'postgres'],
    ['DB_PORT', '0'],
    ['DB_DATABASE', 'bad name;'],
    ['QUEUE_STORE', 'memory'],
    ['QUEUE_MAX_ACTIVE', '0'],
    ['QUEUE_ACTIVATION_INTERVAL_MS', '1.5'],
    ['QUEUE_ACTIVE_TTL_SECONDS', '-1'],
    ['QUEUE_WAITING_IDLE_SECONDS', 'ten'],
    ['RESERVATION_HOLD_SECONDS', '0'],
    ['RESERVATION_MAX_HOLDS_PER_USER', '51'],
    ['POINT_MAX_CHARGE', '1e6'],
    ['POINT_MAX_BALANCE', '0'],
    ['SEED_DEMO_DATA', 'yes'],
    ['LOG_REQUESTS', 'no'],
    ['REDIS_URL', 'http://x'],
    ['QUEUE_TOKEN_SECRET', 'too-short'],
    ['REDIS_CLUSTER_NODES', '127.0.0.1'],
    ['REDIS_CLUSTER_NODES', '127.0.0.1:7001,127.0.0.1:99999'],
    ['RATE_LIMIT_ISSUE_PER_MINUTE', '-1'],
    ['RATE_LIMIT_PER_TOKEN_PER_MINUTE', 'many'],
    ['TRUST_PROXY', '10.0.0.1,proxy.internal'],
    ['TRUST_PROXY', '10.0.0.0/33'],
    ['ADMIN_API_KEY', 'k'.repeat(31)],
    ['ADMIN_API_KEY', `${'k'.repeat(20)} ${'k'.repeat(20)}`],
  ])('stops on a bad %s and names it', (name, value) => {
    expect(() => parseConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => parseConfig({ [name]: value })).toThrow(name);
  });
});
