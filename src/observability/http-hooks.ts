import type { FastifyInstance } from 'fastify';
import { pathOf, REQUEST_ID_HEADER, type RequestLog } from './logging.js';
import { type Metrics, UNMATCHED_ROUTE } from './metrics.js';

// Scrapes and probes every few seconds would drown the log.
const QUIET_ROUTES = new Set(['/metrics', '/health']);

/**
 * Per answered request: the request id echoed, the metrics under the route pattern (never the raw URL), and one
 * JSON log line — reqId, req.method, req.path (no query), res.statusCode, responseTime (ms) — at info, or error for
 * a 5xx (whose error and stack the exception filter logs with the same reqId). Nothing else of the request is logged.
 * With LOG_REQUESTS=false only the 5xx lines are written.
 */
export function registerHttpObservability(fastify: FastifyInstance, metrics: Metrics, requestLog: RequestLog): void {
  const log = requestLog.pino;
  const everyRequest = requestLog.everyRequest;
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url;
    const status = reply.statusCode;
    const ms = reply.elapsedTime;
    metrics.httpRequestServed(request.method, route ?? UNMATCHED_ROUTE, status, ms / 1000);
    const failed = status >= 500;
    if ((failed || everyRequest) && !(route !== undefined && QUIET_ROUTES.has(route) && request.method === 'GET')) {
      if (log.isLevelEnabled(failed ? 'error' : 'info')) {
        const line = {
          reqId: request.id,
          req: { method: request.method, path: pathOf(request.url) },
          res: { statusCode: status },
          responseTime: Math.round(ms * 100) / 100,
        };
        if (failed) log.error(line, 'request failed');
        else log.info(line, 'request completed');
      }
    }
    done();
  });
}
