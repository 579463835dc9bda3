import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { QUEUE_TOKEN_HEADER, type RequestWithCaller } from '../../../../shared/http/route-access.js';
import type { QueuePlace } from '../../domain/queue-store.js';

export const READS_QUEUE_PLACE = Symbol('reads-queue-place');

/** The request as the queue guard leaves it: on a route that reads it, also the token's place in the line. */
export interface RequestWithQueuePlace extends RequestWithCaller {
  queuePlace?: QueuePlace;
}

/**
 * The route is a poll and answers with the caller's place: the guard reads the token with its position and keeps a
 * WAITING token from idling out, in one round trip.
 */
export const ReadsQueuePlace = () => SetMetadata(READS_QUEUE_PLACE, true);

/** The caller's token and place in the line, as the guard read them (routes marked @ReadsQueuePlace only). */
export const CurrentQueuePlace = createParamDecorator((_data: unknown, context: ExecutionContext): QueuePlace => {
  const place = context.switchToHttp().getRequest<RequestWithQueuePlace>().queuePlace;
  if (!place) throw new Error('CurrentQueuePlace used on a route without @ReadsQueuePlace');
  return place;
});

/**
 * The token value the caller sent, as the guard accepted it. Not @Headers(): Swagger would list the header once more as
 * a required parameter beside the queue-token scheme, and "Try it out" would refuse to send without it.
 */
export const CurrentQueueToken = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const token = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>().headers[QUEUE_TOKEN_HEADER];
  if (typeof token !== 'string') throw new Error('CurrentQueueToken used on a route the queue guard did not check');
  return token;
});
