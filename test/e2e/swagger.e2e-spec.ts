import { startTestApp, type TestApp } from '../support/test-app.js';

interface Operation {
  security?: Record<string, unknown>[];
  responses: Record<string, { content?: { 'application/json'?: { examples?: Record<string, unknown> } } }>;
}

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
];
const PUBLIC = new Set(['/queue/tokens', '/concerts', '/health', '/metrics']);

describe('OpenAPI document (e2e)', () => {
  let t: TestApp;
  let paths: Record<string, Record<string, Operation>>;

  beforeAll(async () => {
    t = await startTestApp();
    paths = (await t.http.get<{ paths: Record<string, Record<string, Operation>> }>('/api-docs-json')).body.paths;
  });
  afterAll(() => t.close());

  it.each(CONTRACT)('%s %s documents its response, its errors and its token', (method, path, success, codes) => {
    const operation = paths[path]?.[method];
    expect(operation).toBeDefined();
    expect(Object.keys(operation.responses)).toContain(success);
    expect(Object.keys(operation.responses)).toContain('500');
    const documented = Object.values(operation.responses).flatMap((response) =>
      Object.keys(response.content?.['application/json']?.examples ?? {}),
    );
    expect(documented).toEqual(expect.arrayContaining(codes));
    if (PUBLIC.has(path)) expect(operation.security).toBeUndefined();
    else expect(operation.security).toEqual([{ 'queue-token': [] }]);
  });
});
