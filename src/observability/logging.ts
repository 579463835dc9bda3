import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import { type DestinationStream, stdTimeFunctions } from 'pino';
import type { Options } from 'pino-http';

export const REQUEST_ID_HEADER = 'x-request-id';

// A caller's id is reused only when it cannot smuggle anything into a log line or a header.
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Where log lines go; stdout unless a test overrides the provider. */
export abstract class LogDestination implements DestinationStream {
  abstract write(line: string): void;
}

/**
 * The request id: the incoming x-request-id when it is short and safe, else a random UUID.
 * Fastify calls it (adapter option genReqId) and owns the id as request.id; middie copies it to the raw
 * request, where pino-http picks it up, and a hook echoes it in the response.
 */
export function requestIdOf(req: IncomingMessage): string {
  const incoming = req.headers[REQUEST_ID_HEADER];
  return typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

function pathOf(url: string | undefined): string {
  const path = (url ?? '').split('?', 1)[0];
  return path.length > 256 ? `${path.slice(0, 256)}…` : path;
}

// Never logged: queue tokens, idempotency keys, credentials. The serializers below already drop every
// header and body; the redaction guards any log call that passes a raw request by mistake.
const REDACTED = [
  'req.headers["x-queue-token"]',
  'req.headers["idempotency-key"]',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.body',
  'res.headers["set-cookie"]',
];

// @fastify/middie rewrites req.url for the middleware and keeps the request's own URL here.
function originalUrl(req: IncomingMessage): string | undefined {
  return (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url;
}

const QUIET_PATHS = new Set(['/metrics', '/health']);

/** pino-http options: one JSON line per request with method, path, status, response time and request id. */
export function pinoHttpOptions(level: string): Options {
  return {
    level,
    timestamp: stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACTED, censor: '[redacted]' },
    genReqId: requestIdOf,
    quietReqLogger: true,
    serializers: {
      req: (req: { method: string; url: string }) => ({ method: req.method, path: pathOf(req.url) }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    customSuccessMessage: () => 'request completed',
    customErrorMessage: () => 'request failed',
    // pino-http invents an Error for a 5xx; the real one, with its stack, is logged by the exception filter.
    customErrorObject: (_req, _res, _error, value: { res: unknown; responseTime: number }) => ({
      res: value.res,
      responseTime: value.responseTime,
    }),
    // Scrapes and probes every few seconds would drown the log.
    autoLogging: { ignore: (req) => req.method === 'GET' && QUIET_PATHS.has(pathOf(originalUrl(req))) },
  };
}

export function loggerParams(level: string, destination: LogDestination): Params {
  return {
    pinoHttp: [pinoHttpOptions(level), destination],
    // nestjs-pino's default '{/*splat}' becomes '/{/*splat}' in @fastify/middie 9 and then matches only '/'.
    forRoutes: [{ path: '/{*splat}', method: RequestMethod.ALL }],
  };
}
