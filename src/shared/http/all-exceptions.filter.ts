import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PinoLogger } from 'nestjs-pino';
import { toErrorResponse } from './error-response.js';

/** The one place where an error becomes an HTTP response. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(private readonly logger: PinoLogger) {
    logger.setContext(AllExceptionsFilter.name);
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const { body, cause, headers } = toErrorResponse(exception);
    if (cause !== undefined) {
      // The same reqId as the request's own log line, so the two can be joined.
      const reqId = http.getRequest<FastifyRequest>().id;
      this.logger.error({ err: cause, code: body.code, reqId }, 'request failed with %s', body.code);
    }
    if (headers) void reply.headers(headers);
    void reply.status(body.statusCode).send(body);
  }
}
