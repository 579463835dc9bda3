import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { setupApiDocs } from './api-docs/api-docs.js';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/app-config.js';
import { registerHttpObservability } from './observability/http-hooks.js';
import { Metrics } from './observability/index.js';
import { RequestLog, requestIdOf } from './observability/logging.js';
import { BODY_LIMIT_BYTES } from './shared/http/body-limit.js';
import { closeConnectionsWhileDraining } from './shared/http/connection-drain.js';

/** `trustProxy`: the proxies whose X-Forwarded-For is believed (TRUST_PROXY); anyone else's is ignored. */
export function createFastifyAdapter(trustProxy: readonly string[]): FastifyAdapter {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: trustProxy.length ? [...trustProxy] : false,
    genReqId: requestIdOf,
    // While closing, a request that comes on a keep-alive connection already open is served as usual (with
    // Connection: close), not refused with a 503 the client cannot tell from a failure of its own request.
    return503OnClosing: false,
    // On close, idle keep-alive connections are closed at once; those with a request in flight finish it first.
    forceCloseConnections: 'idle',
  });
  closeConnectionsWhileDraining(adapter.getInstance());
  return adapter;
}

/** Everything an app needs beyond its modules; shared by main.ts and the e2e tests. */
export async function configureApp(app: NestFastifyApplication): Promise<NestFastifyApplication> {
  // Fastify's own errors (body too large, malformed JSON) reach the global filter through Nest's error handler.
  app.enableShutdownHooks();
  registerHttpObservability(app.getHttpAdapter().getInstance(), app.get(Metrics), app.get(RequestLog));

  await setupApiDocs(app);
  return app;
}

export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    createFastifyAdapter(config.trustProxy),
    {
      bufferLogs: true,
    },
  );
  app.useLogger(app.get(Logger));
  return configureApp(app);
}
