import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiSecurity } from '@nestjs/swagger';
import { AdminKeyGuard } from './admin-key.guard.js';
import { ApiErrors } from './api-errors.decorator.js';

/**
 * Who may call a route: anyone, a caller with a live (WAITING or ACTIVE) queue token, or only an ACTIVE one.
 * Routes declare it here; the queue module's global guard enforces it (a route that declares nothing needs ACTIVE).
 */
export type RouteAccess = 'public' | 'live' | 'active';

export const ROUTE_ACCESS = Symbol('route-access');
export const PAID_TOKEN_REPLAY = Symbol('paid-token-replay');
export const ISSUE_RATE_LIMIT = Symbol('issue-rate-limit');
export const QUEUE_TOKEN_HEADER = 'x-queue-token';
/** The name of the X-Queue-Token security scheme in the OpenAPI document. */
export const QUEUE_TOKEN_SECURITY = 'queue-token';
/** The name of the X-Admin-Key security scheme in the OpenAPI document (the operator routes). */
export const ADMIN_KEY_SECURITY = 'admin-key';

/** Who the guard found behind the token; routes act as this user only. */
export interface QueueCaller {
  readonly userId: string;
  readonly tokenId: string;
  /** The token was expired by a payment and is let through only to replay that payment's stored response. */
  readonly replayOnly: boolean;
}

/** The request as the guard leaves it. */
export interface RequestWithCaller {
  queueCaller?: QueueCaller;
}

export const Public = () => SetMetadata(ROUTE_ACCESS, 'public' satisfies RouteAccess);

export const RequireLiveToken = () =>
  applyDecorators(
    SetMetadata(ROUTE_ACCESS, 'live' satisfies RouteAccess),
    ApiSecurity(QUEUE_TOKEN_SECURITY),
    ApiErrors('QUEUE_TOKEN_MISSING', 'QUEUE_TOKEN_INVALID', 'TOO_MANY_REQUESTS'),
  );

export const RequireActiveToken = () =>
  applyDecorators(
    SetMetadata(ROUTE_ACCESS, 'active' satisfies RouteAccess),
    ApiSecurity(QUEUE_TOKEN_SECURITY),
    ApiErrors('QUEUE_TOKEN_MISSING', 'QUEUE_TOKEN_INVALID', 'QUEUE_TOKEN_NOT_ACTIVE', 'TOO_MANY_REQUESTS'),
  );

/**
 * Lets a token that a payment expired through, but only when the request is a replay of that very payment
 * (same user, token, Idempotency-Key and body), as the payment module decides.
 */
export const AllowPaidTokenReplay = () => SetMetadata(PAID_TOKEN_REPLAY, true);

/** A public route counted against RATE_LIMIT_ISSUE_PER_MINUTE per client address (POST /queue/tokens). */
export const LimitedPerClientAddress = () =>
  applyDecorators(SetMetadata(ISSUE_RATE_LIMIT, true), ApiErrors('TOO_MANY_REQUESTS'));

/**
 * An operator route: no queue token; the X-Admin-Key header must equal ADMIN_API_KEY (checked where the token
 * would be), else 401 ADMIN_KEY_INVALID.
 */
export const RequireAdminKey = () =>
  applyDecorators(Public(), UseGuards(AdminKeyGuard), ApiSecurity(ADMIN_KEY_SECURITY), ApiErrors('ADMIN_KEY_INVALID'));

/** The caller the guard authenticated. */
export const CurrentCaller = createParamDecorator((_data: unknown, context: ExecutionContext): QueueCaller => {
  const caller = context.switchToHttp().getRequest<RequestWithCaller>().queueCaller;
  if (!caller) throw new Error('CurrentCaller used on a route without a queue token requirement');
  return caller;
});
