import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { PinoLogger } from 'nestjs-pino';
import { toErrorResponse } from './error-response.js';

/** The one place where an error becomes an HTTP response. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(private readonly logger: PinoLogger) {
    logger.setContext(AllExceptionsFilter.name);
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { body, cause } = toErrorResponse(exception);
    if (cause !== undefined) {
      this.logger.error({ err: cause, code: body.code }, 'request failed with %s', body.code);
    }
    void reply.status(body.statusCode).send(body);
  }
}
