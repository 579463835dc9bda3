import type { FastifyInstance } from 'fastify';
import { REQUEST_ID_HEADER } from './logging.js';
import { type Metrics, UNMATCHED_ROUTE } from './metrics.js';

/** Echoes the request id, and counts and times every answered request under its route pattern (never the raw URL). */
export function registerHttpObservability(fastify: FastifyInstance, metrics: Metrics): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
    metrics.httpRequestServed(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
}
