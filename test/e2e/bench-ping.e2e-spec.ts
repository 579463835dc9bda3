import { startTestApp, type TestApp } from '../support/test-app.js';

describe('GET /ping, the benchmark baseline (e2e)', () => {
  let bench: TestApp;
  let normal: TestApp;

  beforeAll(async () => {
    [bench, normal] = await Promise.all([startTestApp({ env: { BENCH_MODE: 'true' } }), startTestApp()]);
  });

  afterAll(() => Promise.all([bench.close(), normal.close()]));

  it('answers 200 without a queue token when BENCH_MODE=true', async () => {
    const res = await bench.http.get('/ping');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ pong: true });
  });

  it('does not exist otherwise', async () => {
    const res = await normal.http.get('/ping');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 'NOT_FOUND' });
  });
});
