import type { FastifyInstance } from 'fastify';

/**
 * While the server closes, every response closes its connection. Node's server.close() closes the keep-alive
 * connections idle at that moment, once; a connection whose request was still in flight would stay open after its
 * response until the client closes it or keepAliveTimeout (72 s in Fastify) runs out, holding the shutdown that long.
 */
export function closeConnectionsWhileDraining(fastify: FastifyInstance): void {
  let draining = false;
  fastify.addHook('preClose', (done) => {
    draining = true;
    done();
  });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (draining && request.raw.httpVersionMajor === 1) reply.header('connection', 'close');
    done(null, payload);
  });
}
