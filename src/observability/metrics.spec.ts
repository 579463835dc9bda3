import { Metrics, UNMATCHED_ROUTE } from './metrics.js';

function line(text: string, prefix: string): string | undefined {
  return text.split('\n').find((l) => l.startsWith(prefix));
}

describe('Metrics', () => {
  it('counts queue admissions, holds, expirations and payments under the contract names', async () => {
    const metrics = new Metrics();
    metrics.queueAdmitted(3);
    metrics.queueAdmitted(0);
    metrics.queueAdmitted(2);
    metrics.holdPlaced();
    metrics.holdPlaced();
    metrics.holdsExpired(4);
    metrics.holdsExpired(0);
    metrics.paymentCompleted();
    metrics.paymentFailed('INSUFFICIENT_BALANCE');
    metrics.paymentFailed('INSUFFICIENT_BALANCE');
    metrics.paymentFailed('RESERVATION_EXPIRED');

    const { body } = await metrics.scrape();
    expect(line(body, 'queue_admissions_total ')).toBe('queue_admissions_total 5');
    expect(line(body, 'reservation_holds_total ')).toBe('reservation_holds_total 2');
    expect(line(body, 'reservation_expirations_total ')).toBe('reservation_expirations_total 4');
    expect(line(body, 'payments_total{result="completed"}')).toBe('payments_total{result="completed"} 1');
    expect(line(body, 'payments_total{result="failed"}')).toBe('payments_total{result="failed"} 3');
    expect(line(body, 'payment_failures_total{reason="INSUFFICIENT_BALANCE"}')).toMatch(/ 2$/);
    expect(line(body, 'payment_failures_total{reason="RESERVATION_EXPIRED"}')).toMatch(/ 1$/);
  });

  it('reads the queue gauges from the registered source at each scrape, and keeps the last values when it fails', async () => {
    const metrics = new Metrics();
    const gauges = (body: string) =>
      ['queue_waiting_tokens ', 'queue_active_tokens ', 'queue_paused ', 'queue_max_active '].map((name) =>
        line(body, name),
      );
    let current = { waiting: 12, active: 5, paused: false, maxActive: 100 };
    metrics.setQueueGaugeSource(() => Promise.resolve(current));
    expect(gauges((await metrics.scrape()).body)).toEqual([
      'queue_waiting_tokens 12',
      'queue_active_tokens 5',
      'queue_paused 0',
      'queue_max_active 100',
    ]);

    current = { waiting: 1, active: 100, paused: true, maxActive: 7 };
    expect(gauges((await metrics.scrape()).body)).toEqual([
      'queue_waiting_tokens 1',
      'queue_active_tokens 100',
      'queue_paused 1',
      'queue_max_active 7',
    ]);

    metrics.setQueueGaugeSource(() => Promise.reject(new Error('store down')));
    expect(gauges((await metrics.scrape()).body)).toEqual([
      'queue_waiting_tokens 1',
      'queue_active_tokens 100',
      'queue_paused 1',
      'queue_max_active 7',
    ]);
  });

  it('labels HTTP requests with method, route and status and observes their duration', async () => {
    const metrics = new Metrics();
    metrics.httpRequestServed('GET', '/concerts/:concertId/dates', 200, 0.003);
    metrics.httpRequestServed('GET', UNMATCHED_ROUTE, 404, 0.0004);
    const { contentType, body } = await metrics.scrape();
    expect(contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(body).toContain('http_requests_total{method="GET",route="/concerts/:concertId/dates",status="200"} 1');
    expect(body).toContain('http_requests_total{method="GET",route="unmatched",status="404"} 1');
    expect(body).toContain(
      'http_request_duration_seconds_bucket{le="0.001",method="GET",route="/concerts/:concertId/dates",status="200"} 0',
    );
    expect(body).toContain(
      'http_request_duration_seconds_bucket{le="0.005",method="GET",route="/concerts/:concertId/dates",status="200"} 1',
    );
  });

  it('keeps each instance in its own registry', async () => {
    const a = new Metrics();
    const b = new Metrics();
    a.holdPlaced();
    expect(line((await a.scrape()).body, 'reservation_holds_total ')).toBe('reservation_holds_total 1');
    expect(line((await b.scrape()).body, 'reservation_holds_total ')).toBe('reservation_holds_total 0');
  });
});
