// The load generators: autocannon bursts of a fixed number of requests over a bounded pool of keep-alive connections
// (the req/s rows), and a small undici client with per-request latency (setup, contention, journeys).
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { Pool } from 'undici';
import { startCpu } from './cpu.mjs';
import { CONNECTIONS } from './settings.mjs';

function statusCounts(stats) {
  const counts = {};
  for (const [status, { count }] of Object.entries(stats)) counts[status] = count;
  return counts;
}

/**
 * One autocannon burst; CPU is measured against `target.pid` and the window recorded under `key` (null: none), and
 * counted by `target.counters` when the target has them.
 */
async function cannon(target, key, { amount, connections = CONNECTIONS, request }) {
  // autocannon's own duration is rounded up to its 1 s sampling tick: time the burst from its first request to its
  // last response instead. Server-side counts (bench/lib/counters.mjs) for measured bursts of the app only.
  const counting = key && target.counters ? await target.counters.window() : null;
  const cpu = startCpu(target.pid);
  const started = performance.now();
  let lastResponse = started;
  let responses = 0;
  const instance = autocannon({ url: target.base, connections, amount, timeout: 30, requests: [request] });
  instance.on('response', () => {
    lastResponse = performance.now();
    if (++responses === amount) {
      cpu.end();
      counting?.end();
    }
  });
  const result = await instance;
  const statuses = statusCounts(result.statusCodeStats);
  const answered = Object.values(statuses).reduce((sum, n) => sum + n, 0);
  const seconds = (lastResponse - started) / 1000;
  const cpuPerRequest = cpu.perRequest(key, answered);
  return {
    requests: answered,
    seconds,
    rps: answered / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    statuses,
    errors: result.errors + result.timeouts,
    cpu: cpuPerRequest,
    counters: counting ? await counting.result(answered, cpuPerRequest) : null,
  };
}

/**
 * A short unmeasured warm-up burst of the same request, then the measured one. `target` is {base, pid} of the process
 * under test; `key` names the burst in windows.json.
 */
export async function burst(target, key, { warmup, ...options }) {
  if (warmup) await cannon(target, null, { ...options, amount: warmup });
  return cannon(target, key, options);
}

/** A JSON body request for autocannon; `setupRequest` can vary it per request. */
export function jsonRequest(method, path, extra = {}) {
  return { method, path, headers: { 'content-type': 'application/json', ...extra.headers }, ...extra };
}

/** Opens `connections` keep-alive connections of `pool` before a measured burst, so that it does not pay for them. */
export async function warmConnections(pool, connections) {
  await Promise.all(
    Array.from({ length: connections * 4 }, async () => {
      const res = await pool.request({ method: 'GET', path: '/ping' });
      await res.body.dump();
    }),
  );
}

/** A keep-alive client for setup and the journeys: `call()` answers {status, body, ms}. */
export function httpClient(base, connections = 128) {
  const pool = new Pool(base, { connections });
  return {
    pool,
    async call(method, path, { token, body, headers } = {}) {
      const h = { ...headers };
      if (token) h['x-queue-token'] = token;
      let payload;
      if (body !== undefined) {
        payload = JSON.stringify(body);
        h['content-type'] = 'application/json';
      }
      const started = performance.now();
      const res = await pool.request({ method, path, headers: h, body: payload });
      const text = await res.body.text();
      const ms = performance.now() - started;
      let json;
      try {
        json = text ? JSON.parse(text) : null;
      } catch {
        json = { raw: text };
      }
      return { status: res.statusCode, body: json, ms };
    },
    close: () => pool.close(),
  };
}
