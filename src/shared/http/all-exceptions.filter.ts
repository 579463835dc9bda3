import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { toErrorResponse } from './error-response.js';

/** The one place where an error becomes an HTTP response. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { body, cause } = toErrorResponse(exception);
    if (cause !== undefined) {
      this.logger.error(cause instanceof Error ? (cause.stack ?? cause.message) : String(cause));
    }
    void reply.status(body.statusCode).send(body);
  }
}
