import { startTestApp, type TestApp } from '../support/test-app.js';

describe('Platform: errors, health, Swagger, seed (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { SEED_DEMO_DATA: 'true' } });
  });

  afterAll(() => t.close());

  it('seeds at least 2 concerts with 3 future dates of 50 priced seats, once', async () => {
    const concerts = await t.http.get<{ concerts: { id: number }[] }>('/concerts');
    expect(concerts.body.concerts.length).toBeGreaterThanOrEqual(2);
    const [{ futureDates }]: { futureDates: string }[] = await t.db.query(
      'SELECT MIN(n) AS futureDates FROM (SELECT COUNT(*) AS n FROM concert_date WHERE date > CURRENT_DATE GROUP BY concert_id) x',
    );
    expect(Number(futureDates)).toBeGreaterThanOrEqual(3);
    const seatsPerDate: { n: string; lo: number; hi: number; minPrice: number }[] = await t.db.query(
      'SELECT COUNT(*) AS n, MIN(seat_number) AS lo, MAX(seat_number) AS hi, MIN(price) AS minPrice FROM seat GROUP BY concert_date_id',
    );
    for (const row of seatsPerDate)
      expect([Number(row.n), row.lo, row.hi, row.minPrice > 0]).toEqual([50, 1, 50, true]);

    // A second instance on the same database does not seed again.
    const second = await startTestApp({ config: t.config });
    await second.close({ keepDatabase: true });
    const again = await t.http.get<{ concerts: unknown[] }>('/concerts');
    expect(again.body.concerts).toHaveLength(concerts.body.concerts.length);
  });

  it('answers /health with the database status', async () => {
    const res = await t.http.get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
  });

  it('serves Swagger UI and the OpenAPI document with the queue token scheme', async () => {
    const ui = await t.http.get('/api-docs');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger');
    const doc = await t.http.get<{
      paths: Record<string, unknown>;
      components: { securitySchemes: Record<string, { name: string; in: string }> };
    }>('/api-docs-json');
    expect(doc.status).toBe(200);
    expect(doc.body.components.securitySchemes['queue-token']).toMatchObject({ name: 'X-Queue-Token', in: 'header' });
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/concerts',
        '/concerts/{concertId}/dates',
        '/concerts/{concertId}/dates/{date}/seats',
        '/health',
      ]),
    );
  });

  it('maps malformed JSON to 400, a body over 16 KiB to 413', async () => {
    const malformed = await t.http.request('POST', '/concerts', undefined, { raw: '{"bad' });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });

    const big = JSON.stringify({ filler: 'x'.repeat(17 * 1024) });
    const tooLarge = await t.http.request('POST', '/concerts', undefined, { raw: big });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toEqual({
      statusCode: 413,
      code: 'PAYLOAD_TOO_LARGE',
      message: 'The request body is larger than 16 KiB',
    });
  });

  it('never leaks internals in an error body', async () => {
    const res = await t.http.get('/concerts/abc/dates');
    expect(res.text).not.toMatch(/at .+\.(ts|js):\d+|SELECT|ER_/);
  });
});
