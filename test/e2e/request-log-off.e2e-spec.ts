import { newAdminKey, QueueAdmin } from '../support/queue-admin.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { waitUntil } from '../support/wait-until.js';

interface LogLine {
  level: string;
  msg: string;
  reqId?: string;
  context?: string;
  audit?: string;
  res?: { statusCode: number };
}

// Its own file: pino keeps the logger of the first app a test file starts, so the capture must be this app's.
describe('LOG_REQUESTS=false: no line per request, every other line kept (e2e)', () => {
  let t: TestApp;
  const written: string[] = [];
  const lines = (): LogLine[] =>
    written
      .join('')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as LogLine);

  beforeAll(async () => {
    t = await startTestApp({
      env: { LOG_LEVEL: 'info', LOG_REQUESTS: 'false', ADMIN_API_KEY: newAdminKey() },
      logDestination: { write: (line: string) => void written.push(line) },
    });
  });

  afterAll(() => t.close());

  it('writes no line for answered requests, 2xx or 4xx, and keeps counting them in the metrics', async () => {
    const before = (await t.http.get('/metrics')).text;
    expect((await t.http.get('/concerts', { headers: { 'x-request-id': 'quiet-ok' } })).status).toBe(200);
    expect((await t.http.get('/queue/status', { headers: { 'x-request-id': 'quiet-401' } })).status).toBe(401);
    // A request whose line would come after both: once it has been answered, theirs would have been written too.
    const invalid = await t.http.post(
      '/queue/tokens',
      { userId: 'nope' },
      { headers: { 'x-request-id': 'quiet-400' } },
    );
    expect(invalid.status).toBe(400);
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines().filter((line) => line.reqId?.startsWith('quiet-'))).toEqual([]);
    const after = (await t.http.get('/metrics')).text;
    const served = (text: string) =>
      Number(/^http_requests_total\{method="GET",route="\/concerts",status="200"\} (\d+)$/m.exec(text)?.[1] ?? 0);
    expect(served(after) - served(before)).toBe(1);
  });

  it('still writes the line of a 5xx, with the error logged once', async () => {
    await t.db.query('RENAME TABLE concert TO concert_hidden');
    try {
      expect((await t.http.get('/concerts', { headers: { 'x-request-id': 'loud-500' } })).status).toBe(500);
    } finally {
      await t.db.query('RENAME TABLE concert_hidden TO concert');
    }
    await waitUntil('the 5xx line', async () =>
      lines().some((line) => line.reqId === 'loud-500' && line.msg === 'request failed') ? true : undefined,
    );
    const mine = lines().filter((line) => line.reqId === 'loud-500');
    expect(mine.map((line) => [line.level, line.msg, line.context])).toEqual(
      expect.arrayContaining([
        ['error', 'request failed', undefined],
        ['error', expect.any(String), 'AllExceptionsFilter'],
      ]),
    );
    expect(mine).toHaveLength(2);
  });

  it("keeps the operator's audit lines", async () => {
    const admin = new QueueAdmin(t, t.config.admin.apiKey ?? undefined);
    expect((await admin.change({ paused: true })).status).toBe(200);
    expect((await admin.change({ paused: false })).status).toBe(200);
    expect(lines().filter((line) => line.audit === 'queue.settings')).toHaveLength(2);
  });
});
