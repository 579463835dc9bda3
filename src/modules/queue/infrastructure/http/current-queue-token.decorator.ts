import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { RequestWithCaller } from '../../../../shared/http/route-access.js';
import type { QueueToken } from '../../domain/queue-token.js';

/** The request as the queue guard leaves it: also the token it read, so a queue route needs no second lookup. */
export interface RequestWithQueueToken extends RequestWithCaller {
  queueToken?: QueueToken;
}

/** The caller's token (queue module routes only). */
export const CurrentQueueToken = createParamDecorator((_data: unknown, context: ExecutionContext): QueueToken => {
  const token = context.switchToHttp().getRequest<RequestWithQueueToken>().queueToken;
  if (!token) throw new Error('CurrentQueueToken used on a route without a queue token requirement');
  return token;
});
