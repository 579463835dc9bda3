import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { AppConfig } from '../config/app-config.js';
import { firstDemoDay } from '../database/demo-seed.js';
import { Clock } from '../shared/domain/clock.js';
import { ErrorBodyDto, errorResponse, fillErrorExamples } from '../shared/http/api-errors.decorator.js';
import { ADMIN_KEY_SECURITY, QUEUE_TOKEN_SECURITY } from '../shared/http/route-access.js';
import { serveDocsCompressedAndCached } from './docs-delivery.js';
import { errorSamples } from './error-samples.js';

export const API_DOCS_PATH = 'api-docs';
export const API_DOCS_TITLE = 'Concert reservation API';

/** In the order a client meets them, then the people running the service. */
const TAGS: [string, string][] = [
  ['queue', 'Get a queue token and poll until it is ACTIVE'],
  ['concerts', 'Concerts, their reservable dates and free seats'],
  ['reservations', 'Hold a seat, look at it, give it back'],
  ['points', 'Charge points and read the balance and its history'],
  ['payments', 'Pay for a hold with points'],
  ['operations', 'Health and metrics'],
  ['admin', 'Operator routes, with X-Admin-Key'],
];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every calendar date (format: date) of a parameter or a schema gets `day` as its example. */
function setDateExamples(document: OpenAPIObject, day: string): void {
  for (const pathItem of Object.values(document.paths)) {
    for (const operation of Object.values(pathItem)) {
      const parameters = isRecord(operation) && Array.isArray(operation.parameters) ? operation.parameters : [];
      for (const parameter of parameters) {
        if (isRecord(parameter) && isRecord(parameter.schema) && parameter.schema.format === 'date') {
          parameter.schema.example = day;
        }
      }
    }
  }
  for (const schema of Object.values(document.components?.schemas ?? {})) {
    for (const property of Object.values(isRecord(schema) && isRecord(schema.properties) ? schema.properties : {})) {
      if (isRecord(property) && property.format === 'date') property.example = day;
    }
  }
}

function buildDocument(app: NestFastifyApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle(API_DOCS_TITLE)
    .setDescription(
      'Seat reservation behind a virtual waiting queue. Get a queue token, poll until ACTIVE, hold a seat, charge points, pay. ' +
        'Every error has the body {statusCode, code, message}.',
    )
    .setVersion('1.0')
    .addGlobalResponse(errorResponse(500, ['INTERNAL_ERROR']))
    .addApiKey(
      { type: 'apiKey', in: 'header', name: 'X-Queue-Token', description: 'The token of POST /queue/tokens' },
      QUEUE_TOKEN_SECURITY,
    )
    .addApiKey(
      { type: 'apiKey', in: 'header', name: 'X-Admin-Key', description: 'ADMIN_API_KEY, for the operator routes' },
      ADMIN_KEY_SECURITY,
    );
  for (const [name, description] of TAGS) builder.addTag(name, description);
  return SwaggerModule.createDocument(app, builder.build(), { extraModels: [ErrorBodyDto] });
}

/**
 * Swagger UI at /api-docs and the document at /api-docs-json. The examples are made when the document is built:
 * dates are the first day the demo seed gives concert 1 when it seeds today, error messages are the server's own.
 */
export async function setupApiDocs(app: NestFastifyApplication): Promise<void> {
  await serveDocsCompressedAndCached(app, `/${API_DOCS_PATH}`);
  const document = buildDocument(app);
  const day = firstDemoDay(app.get(Clock).now());
  setDateExamples(document, day);
  fillErrorExamples(document, await errorSamples(day, app.get(AppConfig)));
  SwaggerModule.setup(API_DOCS_PATH, app, document, {
    jsonDocumentUrl: `${API_DOCS_PATH}-json`,
    customSiteTitle: API_DOCS_TITLE,
    swaggerOptions: { persistAuthorization: true },
  });
}
