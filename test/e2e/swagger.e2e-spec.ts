import { randomUUID } from 'node:crypto';
import { toErrorResponse } from '../../src/shared/http/error-response.js';
import { seedConcert } from '../support/catalogue.js';
import { activeCaller, admissionTick, type Caller, waitingCaller } from '../support/queue.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

interface ErrorExample {
  value: { statusCode: number; code: string; message?: string; details?: string[] };
}
interface Response {
  description?: string;
  content?: Record<string, { schema?: { $ref?: string }; examples?: Record<string, ErrorExample> }>;
}
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  example?: unknown;
  schema?: { example?: unknown; format?: string };
}
interface Operation {
  tags?: string[];
  security?: Record<string, unknown>[];
  parameters?: Parameter[];
  responses: Record<string, Response>;
}
interface Document {
  info: { title: string };
  tags: { name: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: {
    securitySchemes: Record<string, { type: string; in: string; name: string }>;
    schemas: Record<string, { properties?: Record<string, { example?: unknown }> }>;
  };
}
type ErrorBody = ErrorExample['value'];

/** Every route of the contract, its success status and the error codes it documents. */
const CONTRACT: [string, string, string, string[]][] = [
  ['post', '/queue/tokens', '201', ['VALIDATION_FAILED', 'PAYLOAD_TOO_LARGE']],
  ['get', '/queue/status', '200', ['QUEUE_TOKEN_MISSING', 'QUEUE_TOKEN_INVALID']],
  ['get', '/concerts', '200', []],
  ['get', '/concerts/{concertId}/dates', '200', ['VALIDATION_FAILED', 'QUEUE_TOKEN_NOT_ACTIVE', 'CONCERT_NOT_FOUND']],
  [
    'get',
    '/concerts/{concertId}/dates/{date}/seats',
    '200',
    ['VALIDATION_FAILED', 'QUEUE_TOKEN_NOT_ACTIVE', 'CONCERT_NOT_FOUND', 'DATE_NOT_FOUND'],
  ],
  [
    'post',
    '/reservations',
    '201',
    ['SEAT_NOT_FOUND', 'SEAT_UNAVAILABLE', 'HOLD_LIMIT_EXCEEDED', 'QUEUE_TOKEN_NOT_ACTIVE', 'PAYLOAD_TOO_LARGE'],
  ],
  ['get', '/reservations/{reservationId}', '200', ['RESERVATION_NOT_FOUND', 'QUEUE_TOKEN_NOT_ACTIVE']],
  ['delete', '/reservations/{reservationId}', '200', ['RESERVATION_EXPIRED', 'RESERVATION_ALREADY_PAID']],
  ['post', '/points/charge', '200', ['VALIDATION_FAILED', 'BALANCE_LIMIT_EXCEEDED', 'QUEUE_TOKEN_INVALID']],
  ['get', '/points', '200', ['QUEUE_TOKEN_MISSING']],
  ['get', '/points/history', '200', ['VALIDATION_FAILED']],
  [
    'post',
    '/payments',
    '201',
    [
      'RESERVATION_NOT_FOUND',
      'RESERVATION_EXPIRED',
      'RESERVATION_ALREADY_PAID',
      'INSUFFICIENT_BALANCE',
      'IDEMPOTENCY_KEY_REUSED',
      'PAYLOAD_TOO_LARGE',
    ],
  ],
  ['get', '/health', '200', ['SERVICE_UNAVAILABLE']],
  ['get', '/metrics', '200', []],
  ['get', '/admin/queue', '200', ['ADMIN_KEY_INVALID']],
  ['patch', '/admin/queue', '200', ['ADMIN_KEY_INVALID', 'VALIDATION_FAILED']],
  [
    'delete',
    '/admin/queue/tokens/{userId}',
    '200',
    ['ADMIN_KEY_INVALID', 'QUEUE_TOKEN_NOT_FOUND', 'VALIDATION_FAILED'],
  ],
];
const PUBLIC = new Set(['/queue/tokens', '/concerts', '/health', '/metrics']);
const ADMIN_KEY = 'an-operator-key-of-at-least-32-characters';
const FLOW_ORDER = ['queue', 'concerts', 'reservations', 'points', 'payments', 'operations', 'admin'];
const ERROR_BODY = '#/components/schemas/ErrorBodyDto';

function operations(document: Document): [string, Operation][] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]): [string, Operation] => [`${method} ${path}`, operation]),
  );
}

/** Every error example of the document: where it is documented, and its body. */
function errorExamples(document: Document): { where: string; body: ErrorBody }[] {
  return operations(document).flatMap(([route, operation]) =>
    Object.entries(operation.responses).flatMap(([status, response]) =>
      Object.values(response.content?.['application/json']?.examples ?? {}).map((example) => ({
        where: `${route} ${status}`,
        body: example.value,
      })),
    ),
  );
}

// A message's ids, numbers and dates are sample values; the words around them are the server's.
const template = (body: ErrorBody) => ({
  ...body,
  message: body.message
    ?.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>')
    .replace(/\d{4}-\d{2}-\d{2}/g, '<date>')
    .replace(/\d+/g, '<n>'),
});

function dayAfter(day: string): string {
  return new Date(Date.parse(day) + 86_400_000).toISOString().slice(0, 10);
}

describe('OpenAPI document (e2e)', () => {
  let t: TestApp;
  let document: Document;

  beforeAll(async () => {
    // The demo seed gives concert 1 its dates, as on a developer's machine; low limits, to reach them.
    t = await startTestApp({
      env: {
        SEED_DEMO_DATA: 'true',
        POINT_MAX_BALANCE: '200000',
        ADMIN_API_KEY: ADMIN_KEY,
        RATE_LIMIT_ISSUE_PER_MINUTE: '30',
      },
    });
    document = (await t.http.get<Document>('/api-docs-json')).body;
  });
  afterAll(() => t.close());

  it.each(CONTRACT)('%s %s documents its response, its errors and its token', (method, path, success, codes) => {
    const operation = document.paths[path]?.[method];
    expect(operation).toBeDefined();
    expect(Object.keys(operation.responses)).toContain(success);
    expect(Object.keys(operation.responses)).toContain('500');
    const documented = Object.values(operation.responses).flatMap((response) =>
      Object.keys(response.content?.['application/json']?.examples ?? {}),
    );
    expect(documented).toEqual(expect.arrayContaining(codes));
    if (PUBLIC.has(path)) expect(operation.security).toBeUndefined();
    else if (path.startsWith('/admin/')) expect(operation.security).toEqual([{ 'admin-key': [] }]);
    else expect(operation.security).toEqual([{ 'queue-token': [] }]);
    // The token travels by its security scheme only: a header parameter of the same name would be a required field of
    // its own, and "Try it out" would refuse to send the request while it stays empty.
    const credentials = (operation.parameters ?? []).filter(
      (parameter) => parameter.in === 'header' && /^x-(queue-token|admin-key)$/i.test(parameter.name),
    );
    expect(credentials).toEqual([]);
  });

  it("has the product's title, the tags in the order of the flow and both security schemes", () => {
    expect(document.info.title).toBe('Concert reservation API');
    expect(document.tags.map((tag) => tag.name)).toEqual(FLOW_ORDER);
    for (const [route, operation] of operations(document)) {
      expect({ route, tags: operation.tags?.filter((tag) => !FLOW_ORDER.includes(tag)) }).toEqual({ route, tags: [] });
    }
    expect(document.components.securitySchemes).toEqual({
      'queue-token': expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-Queue-Token' }),
      'admin-key': expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-Admin-Key' }),
    });
  });

  it('describes every response; each error response says when for each of its codes and has the error body', () => {
    for (const [route, operation] of operations(document)) {
      for (const [status, response] of Object.entries(operation.responses)) {
        expect({ route, status, described: (response.description ?? '').trim() !== '' }).toEqual({
          route,
          status,
          described: true,
        });
        if (Number(status) < 400) continue;
        const json = response.content?.['application/json'];
        expect({ route, status, schema: json?.schema?.$ref }).toEqual({ route, status, schema: ERROR_BODY });
        const codes = Object.keys(json?.examples ?? {});
        expect(codes.length).toBeGreaterThan(0);
        for (const code of codes) expect(response.description).toMatch(new RegExp(`\`${code}\`: \\S`));
      }
    }
  });

  it('gives every route the 500 with the error body', () => {
    for (const [route, operation] of operations(document)) {
      const example = operation.responses['500']?.content?.['application/json']?.examples?.INTERNAL_ERROR;
      expect({ route, example: example?.value }).toEqual({
        route,
        example: toErrorResponse(new Error('a bug')).body,
      });
    }
  });

  it('prefills nothing that "Try it out" would send by mistake: no example on an optional query parameter', () => {
    for (const [route, operation] of operations(document)) {
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in !== 'query' || parameter.required) continue;
        expect({ route, parameter: parameter.name, example: parameter.example ?? parameter.schema?.example }).toEqual({
          route,
          parameter: parameter.name,
          example: undefined,
        });
      }
    }
  });

  it('compresses and caches the Swagger UI, and compresses none of the API', async () => {
    const headers = { 'accept-encoding': 'br, gzip' };
    const bundle = await t.http.get('/api-docs/swagger-ui-bundle.js', { headers });
    expect(bundle.headers['content-encoding']).toBe('br');
    expect(bundle.headers['cache-control']).toBe('public, max-age=86400');
    for (const path of ['/api-docs', '/api-docs/swagger-ui-init.js', '/api-docs-json']) {
      const response = await t.http.get(path, { headers });
      expect({
        path,
        encoding: response.headers['content-encoding'],
        cache: response.headers['cache-control'],
      }).toEqual({
        path,
        encoding: 'br',
        cache: 'no-cache',
      });
    }
    const metrics = await t.http.get('/metrics', { headers });
    expect(metrics.text.length).toBeGreaterThan(1024);
    for (const response of [metrics, await t.http.get('/concerts', { headers })]) {
      expect(response.headers['content-encoding']).toBeUndefined();
    }
  });

  it("prefills a date the demo seed created: the seat list and the hold work with the document's examples", async () => {
    const seats = document.paths['/concerts/{concertId}/dates/{date}/seats'].get.parameters ?? [];
    const example = (name: string) => seats.find((parameter) => parameter.name === name)?.schema?.example;
    const caller = await activeCaller(t);
    const list = await t.http.get(`/concerts/${example('concertId')}/dates/${example('date')}/seats`, {
      token: caller.token,
    });
    expect(list.status).toBe(200);

    const hold = document.components.schemas.HoldSeatDto.properties ?? {};
    const body = Object.fromEntries(Object.entries(hold).map(([name, property]) => [name, property.example]));
    const held = await t.http.post('/reservations', body, { token: caller.token });
    expect(held.status).toBe(201);
    await t.http.delete(`/reservations/${held.body.reservationId}`, { token: caller.token });
  });

  it("documents each error with the server's own answer", async () => {
    const answers = new Map<string, ErrorBody>();
    const answer = async (work: Promise<{ status: number; body: unknown }>) => {
      const response = await work;
      const body = response.body as ErrorBody;
      expect(body.statusCode).toBe(response.status);
      answers.set(body.code, body);
      return body;
    };
    const day = String(
      document.paths['/concerts/{concertId}/dates/{date}/seats'].get.parameters?.find((p) => p.name === 'date')?.schema
        ?.example,
    );
    const charge = (caller: Caller, amount: number) =>
      t.http.post('/points/charge', { amount }, { token: caller.token });
    const hold = (caller: Caller, seatNumber: number, date = day, concertId = 1) =>
      t.http.post<{ reservationId: number }>('/reservations', { concertId, date, seatNumber }, { token: caller.token });
    const pay = (caller: Caller, reservationId: number, key?: string) =>
      t.http.post(
        '/payments',
        { reservationId },
        { token: caller.token, headers: key ? { 'idempotency-key': key } : {} },
      );

    const [a, b, c] = [await activeCaller(t), await activeCaller(t), await activeCaller(t)];
    const waiting = await waitingCaller(t);
    await answer(t.http.post('/points/charge', { amount: 0 }, { token: a.token }));
    await answer(t.http.get('/queue/status'));
    await answer(t.http.get('/queue/status', { token: 'A'.repeat(43) }));
    await answer(t.http.get('/concerts/1/dates', { token: waiting.token }));
    await answer(t.http.get('/concerts/99/dates', { token: a.token }));
    await answer(t.http.get(`/concerts/1/dates/${dayAfter(day)}/seats`, { token: a.token }));
    const small = await seedConcert(t.db, { now: t.clock.now(), dayOffsets: [3], seatCount: 5 });
    await answer(hold(a, 7, small.dates[0], small.concertId));
    await answer(t.http.get('/reservations/42', { token: a.token }));

    const heldByA = (await hold(a, 7)).body.reservationId;
    await answer(hold(b, 7));
    for (const seat of [11, 12, 13, 14]) expect((await hold(c, seat)).status).toBe(201);
    await answer(hold(c, 15));

    await t.http.delete(`/reservations/${heldByA}`, { token: a.token });
    expect((await charge(a, 150_000)).status).toBe(200);
    await answer(pay(a, heldByA));
    await answer(pay(b, (await hold(b, 31)).body.reservationId));
    expect((await charge(b, 150_000)).status).toBe(200);
    expect((await charge(b, 50_000)).status).toBe(200);
    await answer(charge(b, 50_000));

    const paid = (await hold(a, 32)).body.reservationId;
    expect((await pay(a, paid, 'key-1')).status).toBe(201);
    const next: Caller = { ...a, token: (await waitingCaller(t, a.userId)).token };
    await admissionTick(t);
    await answer(pay(next, paid + 1000, 'key-1'));
    await answer(t.http.delete(`/reservations/${paid}`, { token: next.token }));
    await answer(t.http.post('/queue/tokens', undefined, { raw: JSON.stringify({ userId: 'x'.repeat(17 * 1024) }) }));
    await answer(t.http.get('/admin/queue'));
    await answer(t.http.delete(`/admin/queue/tokens/${randomUUID()}`, { headers: { 'x-admin-key': ADMIN_KEY } }));
    for (let i = 0; i < 40 && !answers.has('TOO_MANY_REQUESTS'); i++) {
      const issued = await t.http.post<ErrorBody>('/queue/tokens', { userId: randomUUID() });
      if (issued.status === 429) answers.set('TOO_MANY_REQUESTS', issued.body);
    }
    answers.set('INTERNAL_ERROR', toErrorResponse(new Error('a bug')).body);

    // Outages, on an app of their own that reaches MariaDB through a proxy the test cuts.
    const proxy = new TcpProxy(process.env.DB_HOST ?? '127.0.0.1', Number(process.env.DB_PORT ?? 3306));
    const outage = await startTestApp({ env: { DB_PORT: String(await proxy.start()) } });
    const outageAnswers = new Map<string, ErrorBody>();
    try {
      const caller = await waitingCaller(outage);
      await proxy.cut();
      outageAnswers.set(
        'get /queue/status',
        (await outage.http.get<ErrorBody>('/queue/status', { token: caller.token })).body,
      );
      outageAnswers.set('get /health', (await outage.http.get<ErrorBody>('/health')).body);
    } finally {
      await proxy.restore();
      await outage.close();
      await proxy.cut();
    }

    const mismatches = errorExamples(document).flatMap(({ where, body }) => {
      const [method, path] = where.split(' ');
      const server =
        body.code === 'SERVICE_UNAVAILABLE'
          ? (outageAnswers.get(`${method} ${path}`) ?? outageAnswers.get('get /queue/status'))
          : answers.get(body.code);
      if (!server) return [`${where}: ${body.code} was not provoked; add it to this test`];
      return JSON.stringify(template(body)) === JSON.stringify(template(server))
        ? []
        : [`${where}: documented ${JSON.stringify(body)}, server ${JSON.stringify(server)}`];
    });
    expect(mismatches).toEqual([]);
    expect(outageAnswers.get('get /health')?.code).toBe('SERVICE_UNAVAILABLE');
  });
});
