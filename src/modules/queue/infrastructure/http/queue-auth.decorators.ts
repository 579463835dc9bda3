import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiSecurity } from '@nestjs/swagger';
import { ApiErrors } from '../../../../shared/http/api-errors.decorator.js';
import type { QueueToken, TokenRequirement } from '../../domain/queue-token.js';

export const QUEUE_TOKEN_HEADER = 'x-queue-token';
export const QUEUE_TOKEN_SECURITY = 'queue-token';
export const TOKEN_REQUIREMENT = Symbol('queue-token-requirement');
export const PAID_TOKEN_REPLAY = Symbol('queue-paid-token-replay');

/** What the guard learned about the caller; routes act as this user only. */
export interface QueueCaller {
  readonly userId: string;
  readonly tokenId: string;
  /** The token was expired by a payment and is let through only to replay that payment's stored response. */
  readonly replayOnly: boolean;
}

export interface RequestWithCaller {
  queueCaller?: QueueCaller;
  /** The token as the guard read it, so a route of the queue module needs no second lookup. */
  queueToken?: QueueToken;
}

export const Public = () => SetMetadata(TOKEN_REQUIREMENT, 'public' satisfies TokenRequirement);

export const RequireLiveToken = () =>
  applyDecorators(
    SetMetadata(TOKEN_REQUIREMENT, 'live' satisfies TokenRequirement),
    ApiSecurity(QUEUE_TOKEN_SECURITY),
    ApiErrors('QUEUE_TOKEN_MISSING', 'QUEUE_TOKEN_INVALID'),
  );

export const RequireActiveToken = () =>
  applyDecorators(
    SetMetadata(TOKEN_REQUIREMENT, 'active' satisfies TokenRequirement),
    ApiSecurity(QUEUE_TOKEN_SECURITY),
    ApiErrors('QUEUE_TOKEN_MISSING', 'QUEUE_TOKEN_INVALID', 'QUEUE_TOKEN_NOT_ACTIVE'),
  );

/**
 * Lets a token that a payment expired through, but only when the registered TokenReplayPolicy
 * recognises the request as a replay of that payment (same user, token, key and body).
 */
export const AllowPaidTokenReplay = () => SetMetadata(PAID_TOKEN_REPLAY, true);

/** The caller the guard authenticated. */
export const CurrentCaller = createParamDecorator((_data: unknown, context: ExecutionContext): QueueCaller => {
  const caller = context.switchToHttp().getRequest<RequestWithCaller>().queueCaller;
  if (!caller) throw new Error('CurrentCaller used on a route without a queue token requirement');
  return caller;
});

/** The caller's token entity (queue module routes only). */
export const CurrentQueueToken = createParamDecorator((_data: unknown, context: ExecutionContext): QueueToken => {
  const token = context.switchToHttp().getRequest<RequestWithCaller>().queueToken;
  if (!token) throw new Error('CurrentQueueToken used on a route without a queue token requirement');
  return token;
});
