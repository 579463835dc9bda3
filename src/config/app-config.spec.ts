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
      redisUrl: 'redis://127.0.0.1:6379',
      maxActive: 100,
      activationIntervalMs: 1000,
      activeTtlSeconds: 600,
      waitingIdleSeconds: 300,
      tokenSecret: null,
    });
    expect(config.reservation).toEqual({ holdSeconds: 300, maxHoldsPerUser: 4 });
    expect(config.point).toEqual({ maxCharge: 1_000_000, maxBalance: 100_000_000 });
    expect(config.seedDemoData).toBe(true);
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
    });
    expect(config.port).toBe(8080);
    expect(config.db.type).toBe('mariadb');
    expect(config.db.database).toBe('concert_test_1');
    expect(config.queue.store).toBe('redis');
    expect(config.queue.maxActive).toBe(5);
    expect(config.reservation.holdSeconds).toBe(2);
    expect(config.point.maxBalance).toBe(1000);
    expect(config.seedDemoData).toBe(false);
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
    ['REDIS_URL', 'http://x'],
    ['QUEUE_TOKEN_SECRET', 'too-short'],
  ])('stops on a bad %s and names it', (name, value) => {
    expect(() => parseConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => parseConfig({ [name]: value })).toThrow(name);
  });
});
