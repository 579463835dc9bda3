import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiSecurity } from '@nestjs/swagger';
import { ApiErrors } from '../../../../shared/http/api-errors.decorator.js';

export const QUEUE_TOKEN_HEADER = 'x-queue-token';
export const QUEUE_TOKEN_SECURITY = 'queue-token';
export const TOKEN_REQUIREMENT = Symbol('queue-token-requirement');

/** Which queue token a route needs: none, any live one (WAITING or ACTIVE), or an ACTIVE one. */
export type TokenRequirement = 'public' | 'live' | 'active';

/** What the guard learned about the caller; routes act as this user only. */
export interface QueueCaller {
  readonly userId: string;
  readonly tokenId: string;
}

export interface RequestWithCaller {
  queueCaller?: QueueCaller;
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

/** The caller the guard authenticated. */
export const CurrentCaller = createParamDecorator((_data: unknown, context: ExecutionContext): QueueCaller => {
  const caller = context.switchToHttp().getRequest<RequestWithCaller>().queueCaller;
  if (!caller) throw new Error('CurrentCaller used on a route without a queue token requirement');
  return caller;
});
