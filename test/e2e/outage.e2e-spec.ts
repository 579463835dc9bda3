import { randomUUID } from 'node:crypto';
import { RedisConnection } from '../../src/redis/redis-connection.js';
import { startTestApp } from '../support/test-app.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { waitingCaller } from '../support/queue.js';
import { waitUntil } from '../support/wait-until.js';

const unavailable = { statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: expect.any(String) };

describe('Outages (e2e)', () => {
  it('answers 503 SERVICE_UNAVAILABLE while the database is unreachable, and recovers', async () => {
    const proxy = new TcpProxy(process.env.DB_HOST ?? '127.0.0.1', Number(process.env.DB_PORT ?? 3306));
    const port = await proxy.start();
    const t = await startTestApp({ env: { DB_PORT: String(port) } });
    try {
      const caller = await waitingCaller(t);
      await proxy.cut();
      const status = await t.http.get('/queue/status', { token: caller.token });
      expect(status.status).toBe(503);
      expect(status.body).toEqual(unavailable);
      const issue = await t.http.post('/queue/tokens', { userId: randomUUID() });
      expect(issue.status).toBe(503);
      expect(issue.text).not.toMatch(/ECONNREFUSED|PROTOCOL|at .+\.js/);
      const health = await t.http.get('/health');
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({ statusCode: 503, code: 'SERVICE_UNAVAILABLE' });

      await proxy.restore();
      await waitUntil('the app to reach the database again', async () =>
        (await t.http.get('/queue/status', { token: caller.token })).status === 200 ? true : undefined,
      );
    } finally {
      await proxy.restore();
      await t.close();
      await proxy.cut();
    }
  });

  it('answers 503 SERVICE_UNAVAILABLE while Redis is unreachable, and recovers', async () => {
    const t = await startTestApp({ env: { QUEUE_STORE: 'redis' } });
    const redis = t.get(RedisConnection).required;
    try {
      const caller = await waitingCaller(t);
      redis.disconnect();
      const status = await t.http.get('/queue/status', { token: caller.token });
      expect(status.status).toBe(503);
      expect(status.body).toEqual(unavailable);
      const issue = await t.http.post('/queue/tokens', { userId: randomUUID() });
      expect(issue.status).toBe(503);
      expect(issue.text).not.toMatch(/Stream|writeable|at .+\.js/);
      const health = await t.http.get('/health');
      expect(health.status).toBe(503);

      await redis.connect();
      expect((await t.http.get('/queue/status', { token: caller.token })).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});
