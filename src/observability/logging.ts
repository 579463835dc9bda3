import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';
import { type DestinationStream, type Logger, type LoggerOptions, pino, stdTimeFunctions } from 'pino';

export const REQUEST_ID_HEADER = 'x-request-id';

// A caller's id is reused only when it cannot smuggle anything into a log line or a header.
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Where log lines go; stdout unless a test overrides the provider. */
export abstract class LogDestination implements DestinationStream {
  abstract write(line: string): void;
}

/**
 * The request id: the incoming x-request-id when it is short and safe, else a random UUID.
 * Fastify calls it (adapter option genReqId) and owns the id as request.id; a hook echoes it in the response.
 */
export function requestIdOf(req: IncomingMessage): string {
  const incoming = req.headers[REQUEST_ID_HEADER];
  return typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/** The path of a URL without its query string (which may carry anything), capped in length. */
export function pathOf(url: string): string {
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  return path.length > 256 ? `${path.slice(0, 256)}…` : path;
}

/** The app's pino options: JSON lines, ISO time, the level as its name. */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    timestamp: stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
}

/**
 * nestjs-pino carries Nest's own logs (startup, the exception filter's errors) to pino. Its per-request
 * middleware (pino-http through @fastify/middie, a child logger and an AsyncLocalStorage per request) is not
 * mounted: it cost more CPU than the rest of a request (docs/benchmarks.md). The request lines are written by a
 * Fastify hook instead (http-hooks.ts, RequestLog) with only the fields they need, so no header or body can reach them.
 */
export function loggerParams(level: string, destination: LogDestination): Params {
  return { pinoHttp: [loggerOptions(level), destination], forRoutes: [] };
}

/**
 * The pino logger of the request lines, on the same destination as everything else. `everyRequest` false
 * (LOG_REQUESTS=false): only a 5xx gets its line.
 */
export class RequestLog {
  readonly pino: Logger;

  constructor(
    level: string,
    destination: LogDestination,
    readonly everyRequest = true,
  ) {
    this.pino = pino(loggerOptions(level), destination);
  }
}
