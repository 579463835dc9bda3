import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/app-config.js';
import { QUEUE_TOKEN_SECURITY } from './shared/http/route-access.js';
import { registerHttpObservability } from './observability/http-hooks.js';
import { Metrics } from './observability/index.js';
import { requestIdOf } from './observability/logging.js';

export const BODY_LIMIT_BYTES = 16 * 1024;

export function createFastifyAdapter(): FastifyAdapter {
  return new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES, trustProxy: true, genReqId: requestIdOf });
}

/** Everything an app needs beyond its modules; shared by main.ts and the e2e tests. */
export async function configureApp(app: NestFastifyApplication): Promise<NestFastifyApplication> {
  // Fastify's own errors (body too large, malformed JSON) reach the global filter through Nest's error handler.
  app.enableShutdownHooks();
  registerHttpObservability(app.getHttpAdapter().getInstance(), app.get(Metrics));

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Concert reservation API')
      .setDescription(
        'Seat reservation behind a virtual waiting queue. Get a queue token, poll until ACTIVE, hold a seat, charge points, pay. ' +
          'Every error has the body {statusCode, code, message}.',
      )
      .setVersion('1.0')
      .addGlobalResponse({
        status: 500,
        description:
          'INTERNAL_ERROR: a bug. The body is {statusCode: 500, code: "INTERNAL_ERROR", message}; it never carries SQL, stacks or secrets.',
      })
      .addApiKey(
        { type: 'apiKey', in: 'header', name: 'X-Queue-Token', description: 'The queue token' },
        QUEUE_TOKEN_SECURITY,
      )
      .build(),
  );
  SwaggerModule.setup('api-docs', app, document, { jsonDocumentUrl: 'api-docs-json' });
  return app;
}

export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), createFastifyAdapter(), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  return configureApp(app);
}
