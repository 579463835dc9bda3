import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ErrorCode } from '../shared/domain/domain-error.js';

/** The route label of a request that matched no route, so a scan of random URLs adds one series, not thousands. */
export const UNMATCHED_ROUTE = 'unmatched';

type HttpLabel = 'method' | 'route' | 'status';

export interface QueueGauges {
  readonly waiting: number;
  readonly active: number;
  readonly paused: boolean;
  readonly maxActive: number;
}

/** Reads the queue's gauges; awaited on every scrape of GET /metrics. */
export type QueueGaugeSource = () => Promise<QueueGauges>;

export interface Scrape {
  readonly contentType: string;
  readonly body: string;
}

/**
 * The application's Prometheus metrics, in a registry of its own (not prom-client's global one),
 * so several app instances in one process never collide. Only infrastructure code calls it.
 */
@Injectable()
export class Metrics {
  private readonly registry = new Registry();
  private queueGaugeSource: QueueGaugeSource | undefined;

  private readonly httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  /** The label-bound children per method, route and status: prom-client hashes the labels on every unbound call. */
  private readonly httpSeries = new Map<string, { count: Counter.Internal; duration: Histogram.Internal<HttpLabel> }>();

  private readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from receiving a request to sending its response, in seconds.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  private readonly queueWaiting = new Gauge({
    name: 'queue_waiting_tokens',
    help: 'Queue tokens currently WAITING.',
    registers: [this.registry],
  });

  private readonly queueActive = new Gauge({
    name: 'queue_active_tokens',
    help: 'Queue tokens currently ACTIVE.',
    registers: [this.registry],
  });

  private readonly queuePaused = new Gauge({
    name: 'queue_paused',
    help: '1 while an operator has paused admissions, else 0.',
    registers: [this.registry],
  });

  private readonly queueMaxActive = new Gauge({
    name: 'queue_max_active',
    help: 'The active-set size in force (QUEUE_MAX_ACTIVE, or the operator setting).',
    registers: [this.registry],
  });

  private readonly queueAdmissions = new Counter({
    name: 'queue_admissions_total',
    help: 'Queue tokens admitted from WAITING to ACTIVE.',
    registers: [this.registry],
  });

  private readonly reservationHolds = new Counter({
    name: 'reservation_holds_total',
    help: 'Seat holds placed.',
    registers: [this.registry],
  });

  private readonly reservationExpirations = new Counter({
    name: 'reservation_expirations_total',
    help: 'Seat holds released because their time ran out.',
    registers: [this.registry],
  });

  private readonly payments = new Counter({
    name: 'payments_total',
    help: 'Payment attempts by result: completed, or failed with a business error.',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  private readonly paymentFailures = new Counter({
    name: 'payment_failures_total',
    help: 'Failed payment attempts by the error code answered.',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    // Both series exist from the start, so rate() and absent() work before the first payment.
    this.payments.inc({ result: 'completed' }, 0);
    this.payments.inc({ result: 'failed' }, 0);
  }

  /** One answered HTTP request. `route` is the route pattern, or UNMATCHED_ROUTE. */
  httpRequestServed(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${route} ${status}`;
    let series = this.httpSeries.get(key);
    if (series === undefined) {
      const labels = { method, route, status: String(status) };
      series = { count: this.httpRequests.labels(labels), duration: this.httpDuration.labels(labels) };
      this.httpSeries.set(key, series);
    }
    series.count.inc();
    series.duration.observe(seconds);
  }

  /** `n` tokens went from WAITING to ACTIVE. */
  queueAdmitted(n: number): void {
    if (n > 0) this.queueAdmissions.inc(n);
  }

  /** Registers the function that reads the queue gauges on every scrape; the last one registered wins. */
  setQueueGaugeSource(source: QueueGaugeSource): void {
    this.queueGaugeSource = source;
  }

  /** One seat hold placed. */
  holdPlaced(): void {
    this.reservationHolds.inc();
  }

  /** `n` holds released because their time ran out. */
  holdsExpired(n: number): void {
    if (n > 0) this.reservationExpirations.inc(n);
  }

  /** One payment committed (not counted again for an idempotent replay). */
  paymentCompleted(): void {
    this.payments.inc({ result: 'completed' });
  }

  /** One payment refused with a business error; `reason` is its API error code. */
  paymentFailed(reason: ErrorCode): void {
    this.payments.inc({ result: 'failed' });
    this.paymentFailures.inc({ reason });
  }

  /** The Prometheus text exposition of every metric, with the queue gauges refreshed first. */
  async scrape(): Promise<Scrape> {
    if (this.queueGaugeSource) {
      try {
        const gauges = await this.queueGaugeSource();
        this.queueWaiting.set(gauges.waiting);
        this.queueActive.set(gauges.active);
        this.queuePaused.set(gauges.paused ? 1 : 0);
        this.queueMaxActive.set(gauges.maxActive);
      } catch {
        // The queue store is unreachable: report the last known values rather than failing the scrape.
      }
    }
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
