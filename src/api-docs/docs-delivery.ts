import fastifyCompress from '@fastify/compress';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';

// The Swagger UI bundle changes only with a @nestjs/swagger upgrade; after a day the browser revalidates (ETag).
const ASSET_CACHE = 'public, max-age=86400';
// The page, its init script (which carries the document) and the document change with every deploy.
const DOCUMENT_CACHE = 'no-cache';

/**
 * Compresses and caches the Swagger UI routes under `prefix` (about 2 MB of JavaScript and CSS) and nothing else:
 * the API's own routes get no compression hook at all, so their responses pay nothing for it.
 */
export async function serveDocsCompressedAndCached(app: NestFastifyApplication, prefix: string): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  // Registered before @fastify/compress's own onRoute hook, which reads `compress` to decide per route.
  fastify.addHook('onRoute', (route) => {
    const docs = route.url === prefix || route.url.startsWith(`${prefix}/`) || route.url.startsWith(`${prefix}-`);
    route.compress = docs ? {} : false;
    route.decompress = false;
    if (!docs) return;
    const cacheControl = route.url.endsWith('*') ? ASSET_CACHE : DOCUMENT_CACHE;
    const setCacheControl = async (_request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      if (reply.statusCode < 400) void reply.header('cache-control', cacheControl);
      return payload;
    };
    route.onSend = route.onSend === undefined ? [setCacheControl] : [route.onSend, setCacheControl].flat();
  });
  await app.register(fastifyCompress, { global: false });
}
