// GET /ping: on the bare baseline, what Nest + Fastify cost alone; on the app (BENCH_MODE=true), the same route with
// the app's envelope (global guard, pipes, filter, request logging, metrics, request id).
import { burst } from '../lib/load.mjs';
import { PING_REQUESTS } from '../lib/settings.mjs';

/** `target` is {base, pid} of the process under test; `key` names the burst. */
export function ping(target, key) {
  // A warm-up as long as the burst: after 10,000 requests the bare baseline still got faster from burst to burst.
  const request = { method: 'GET', path: '/ping' };
  return burst(target, key, { warmup: PING_REQUESTS, amount: PING_REQUESTS, request });
}
