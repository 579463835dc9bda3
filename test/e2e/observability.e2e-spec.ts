import { seedConcert } from '../support/catalogue.js';
import { activeCaller, waitingCaller } from '../support/queue.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function samples(text: string): Sample[] {
  const result: Sample[] = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[pair[1]] = pair[2];
    result.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return result;
}

/** The value of the one sample with exactly these labels (0 when the series does not exist yet). */
function valueOf(text: string, name: string, labels: Record<string, string> = {}): number {
  const found = samples(text).filter(
    (s) =>
      s.name === name &&
      Object.keys(s.labels).length === Object.keys(labels).length &&
      Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} ${JSON.stringify(labels)}`);
  return found[0]?.value ?? 0;
}

interface LogLine {
  level: string;
  time: string;
  reqId?: string;
  msg: string;
  context?: string;
  req?: { method: string; path: string };
  res?: { statusCode: number };
  responseTime?: number;
  err?: { type: string; message: string; stack: string };
}

describe('Observability: /metrics, JSON logs, request id (e2e)', () => {
  let t: TestApp;
  let concertId: number;
  const written: string[] = [];

  const scrape = async () => {
    const res = await t.http.get('/metrics');
    expect(res.status).toBe(200);
    return res.text;
  };

  const logLines = (): LogLine[] =>
    written
      .join('')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as LogLine);

  /** pino-http writes the line when the response finishes, which may be just after the client has it. */
  const requestLine = async (reqId: string): Promise<LogLine> => {
    for (let i = 0; i < 100; i++) {
      const line = logLines().find((l) => l.reqId === reqId && l.req !== undefined);
      if (line) return line;
      await new Promise((resolve) => setImmediate(resolve));
    }
    throw new Error(`no request log line with reqId ${reqId}`);
  };

  beforeAll(async () => {
    // pino keeps the logger of the first app started in a test file: this one, with the capturing destination.
    t = await startTestApp({
      env: { LOG_LEVEL: 'info' },
      logDestination: { write: (line: string) => void written.push(line) },
    });
    concertId = (await seedConcert(t.db, { now: t.clock.now(), dayOffsets: [1] })).concertId;
  });

  afterAll(() => t.close());

  describe('GET /metrics', () => {
    it('is public and answers in the Prometheus text format with every contract metric', async () => {
      const res = await t.http.get('/metrics');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
      const types = new Map(
        [...res.text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m): [string, string] => [m[1], m[2]]),
      );
      expect(Object.fromEntries(types)).toMatchObject({
        http_requests_total: 'counter',
        http_request_duration_seconds: 'histogram',
        queue_waiting_tokens: 'gauge',
        queue_active_tokens: 'gauge',
        queue_admissions_total: 'counter',
        reservation_holds_total: 'counter',
        reservation_expirations_total: 'counter',
        payments_total: 'counter',
        process_cpu_user_seconds_total: 'counter',
        process_resident_memory_bytes: 'gauge',
        nodejs_eventloop_lag_seconds: 'gauge',
        nodejs_heap_size_used_bytes: 'gauge',
      });
      expect(valueOf(res.text, 'payments_total', { result: 'completed' })).toBe(0);
      expect(valueOf(res.text, 'payments_total', { result: 'failed' })).toBe(0);
      expect(res.text).toMatch(/^process_cpu_user_seconds_total \d/m);
    });

    it('counts and times a request under its route pattern, never its raw URL', async () => {
      const caller = await activeCaller(t);
      const labels = { method: 'GET', route: '/concerts/:concertId/dates', status: '200' };
      const before = valueOf(await scrape(), 'http_requests_total', labels);

      const responses = await Promise.all([
        t.http.get(`/concerts/${concertId}/dates`, { token: caller.token }),
        t.http.get(`/concerts/${concertId}/dates`, { token: caller.token }),
        t.http.get(`/concerts/${concertId}/dates?x=1`, { token: caller.token }),
      ]);
      expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
      const missing = await t.http.get('/concerts/987654/dates', { token: caller.token });
      expect(missing.status).toBe(404);

      const text = await scrape();
      expect(valueOf(text, 'http_requests_total', labels)).toBe(before + 3);
      expect(valueOf(text, 'http_request_duration_seconds_count', labels)).toBe(before + 3);
      expect(valueOf(text, 'http_request_duration_seconds_bucket', { ...labels, le: '+Inf' })).toBe(before + 3);
      expect(valueOf(text, 'http_request_duration_seconds_bucket', { ...labels, le: '5' })).toBe(before + 3);
      expect(valueOf(text, 'http_requests_total', { ...labels, status: '404' })).toBe(1);
      expect(text).not.toContain(`/concerts/${concertId}/dates`);
      expect(text).not.toContain('987654');
      // the scrape itself is counted too, under its own route
      expect(valueOf(text, 'http_requests_total', { method: 'GET', route: '/metrics', status: '200' })).toBeGreaterThan(
        0,
      );
    });

    it('puts every URL that matches no route under the one label "unmatched"', async () => {
      const labels = { method: 'GET', route: 'unmatched', status: '404' };
      const before = valueOf(await scrape(), 'http_requests_total', labels);
      const paths = Array.from({ length: 25 }, (_, i) => `/scan-${i}/wp-admin.php?id=${i}`);
      const responses = await Promise.all(paths.map((p) => t.http.get(p)));
      expect(new Set(responses.map((r) => r.status))).toEqual(new Set([404]));

      const text = await scrape();
      expect(valueOf(text, 'http_requests_total', labels)).toBe(before + 25);
      expect(text).not.toContain('scan-');
      const routes = new Set(samples(text).flatMap((s) => (s.name === 'http_requests_total' ? [s.labels.route] : [])));
      expect([...routes].every((r) => r === 'unmatched' || r.startsWith('/'))).toBe(true);
    });

    it('reports the queue gauges of the real line on each scrape', async () => {
      const gauges = async () => {
        const text = await scrape();
        return ['queue_waiting_tokens', 'queue_active_tokens', 'queue_paused', 'queue_max_active'].map((name) =>
          valueOf(text, name),
        );
      };
      const before = await gauges();
      await waitingCaller(t);
      await waitingCaller(t);
      expect(await gauges()).toEqual([before[0] + 2, before[1], 0, t.config.queue.maxActive]);
    });
  });

  describe('request id', () => {
    it('echoes a short safe x-request-id and replaces any other with a random UUID', async () => {
      const kept = await t.http.get('/concerts', { headers: { 'x-request-id': 'trace-42.a_b:c' } });
      expect(kept.headers['x-request-id']).toBe('trace-42.a_b:c');

      const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
      const none = await t.http.get('/concerts');
      expect(none.headers['x-request-id']).toMatch(uuid);
      for (const unsafe of ['x'.repeat(65), 'has space', 'quote"inside', '{"json":1}', '']) {
        const res = await t.http.get('/concerts', { headers: { 'x-request-id': unsafe } });
        expect(res.headers['x-request-id']).toMatch(uuid);
      }
      const unmatched = await t.http.get('/no-such-route', { headers: { 'x-request-id': 'nf-1' } });
      expect([unmatched.status, unmatched.headers['x-request-id']]).toEqual([404, 'nf-1']);
      const two = await t.http.get('/concerts');
      expect(two.headers['x-request-id']).not.toBe(none.headers['x-request-id']);
    });
  });

  describe('JSON logs', () => {
    it('writes one JSON line per request with its id, method, path, status and time, and no secret', async () => {
      const secrets = {
        'x-queue-token': 'TOKEN-SECRET-0123456789abcdef',
        'idempotency-key': 'IDEMPOTENCY-SECRET-42',
        authorization: 'Bearer AUTH-SECRET-99',
        cookie: 'session=COOKIE-SECRET-7',
      };
      const res = await t.http.post(
        '/points/charge',
        { amount: 1234567 },
        { headers: { ...secrets, 'x-request-id': 'log-test-1' } },
      );
      expect(res.status).toBe(401);

      const line = await requestLine('log-test-1');
      expect(line).toEqual({
        level: 'info',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        pid: process.pid,
        hostname: expect.any(String),
        reqId: 'log-test-1',
        req: { method: 'POST', path: '/points/charge' },
        res: { statusCode: 401 },
        responseTime: expect.any(Number),
        msg: 'request completed',
      });
      const all = written.join('');
      for (const secret of [...Object.values(secrets), 'AUTH-SECRET', 'COOKIE-SECRET', '1234567']) {
        expect(all).not.toContain(secret);
      }
    });

    it('logs a request that carries a live queue token without the token, and a path without its query', async () => {
      const caller = await activeCaller(t);
      const res = await t.http.get(`/concerts/${concertId}/dates?cursor=abc`, {
        token: caller.token,
        headers: { 'x-request-id': 'log-test-2' },
      });
      expect(res.status).toBe(200);
      const line = await requestLine('log-test-2');
      expect(line.req).toEqual({ method: 'GET', path: `/concerts/${concertId}/dates` });
      expect(line.res).toEqual({ statusCode: 200 });
      expect(written.join('')).not.toContain(caller.token);
    });

    it('does not log scrapes and health probes', async () => {
      await t.http.get('/metrics', { headers: { 'x-request-id': 'quiet-1' } });
      await t.http.get('/health', { headers: { 'x-request-id': 'quiet-2' } });
      await requestLine(
        (await t.http.get('/concerts', { headers: { 'x-request-id': 'after-quiet' } })).headers[
          'x-request-id'
        ] as string,
      );
      expect(logLines().filter((l) => l.reqId === 'quiet-1' || l.reqId === 'quiet-2')).toEqual([]);
    });

    it('logs an unexpected error once through pino, with the request id and stack, and answers 500 without detail', async () => {
      await t.db.query('RENAME TABLE concert TO concert_hidden');
      try {
        const res = await t.http.get('/concerts', { headers: { 'x-request-id': 'boom-1' } });
        expect(res.status).toBe(500);
        expect(res.body).toEqual({ statusCode: 500, code: 'INTERNAL_ERROR', message: 'An unexpected error occurred' });
      } finally {
        await t.db.query('RENAME TABLE concert_hidden TO concert');
      }
      const request = await requestLine('boom-1');
      expect(request).toMatchObject({ level: 'error', msg: 'request failed', res: { statusCode: 500 } });
      expect(request.err).toBeUndefined();

      const errors = logLines().filter((l) => l.reqId === 'boom-1' && l.context === 'AllExceptionsFilter');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ level: 'error', err: { type: 'QueryFailedError' } });
      expect(errors[0].err?.stack).toContain('QueryFailedError');
    });
  });
});
