// Small helpers every part of the bench uses: logging with the run's clock, checks, bounded concurrency, number
// formatting.
import { performance } from 'node:perf_hooks';

const T0 = performance.now();

/** Seconds since the bench started. */
export const elapsedSeconds = () => (performance.now() - T0) / 1000;

export const log = (...args) => console.log(`[bench ${elapsedSeconds().toFixed(1)}s]`, ...args);

export const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

export function expect(condition, message) {
  if (!condition) throw new Error(message);
}

/** Runs `work(item, index)` over `items` with at most `limit` in flight; results in input order. */
export async function mapLimit(items, limit, work) {
  const results = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i], i);
      }
    }),
  );
  return results;
}

/** Nearest-rank percentile of an ascending array (0 for an empty one). */
export function percentile(sorted, p) {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** p50, p99 and max of a list of milliseconds (sorts it). */
export function latencyOf(list) {
  list.sort((a, b) => a - b);
  return { p50: percentile(list, 50), p99: percentile(list, 99), max: list.at(-1) ?? 0 };
}

export const fmt = (n, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export const pct = (ratio) => `${fmt(ratio * 100)} %`;

export const mib = (bytes) => `${fmt(bytes / 2 ** 20)} MiB`;
